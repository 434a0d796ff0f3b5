package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.map.MapSpec;
import io.ebpf4j.map.RawMap;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A pin directory that cannot hold the filter is refused with the path and the remedy, before
 * anything is loaded or pinned: not on bpffs, or holding a map of another layout (another version).
 */
@RequiresKernel(value = {KernelFeature.BPFFS, KernelFeature.BPF_LINK}, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class PinDirErrorsTest {

    @Test
    void aPinnedMapOfAnotherLayoutIsNamedWithTheRemedyAndLeftAlone() throws Exception {
        Path dir = Path.of("/sys/fs/bpf", "e4j-mesh-" + UUID.randomUUID());
        try {
            Files.createDirectory(dir);
            Path pin = dir.resolve(MeshFilterObject.PEER_COUNTERS);
            int id;
            try (RawMap old = RawMap.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 32, MeshFilterObject.DEFAULT_IDENTITY_CAPACITY)
                    .withName("peer_counters").withPinPath(pin))) {
                id = old.info().id();
            }
            BpfException e = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(dir).build());
            String m = e.getMessage();
            assertTrue(m.contains("map 'peer_counters'") && m.contains(pin.toString()), m);
            assertTrue(m.contains("value size 32 (this filter: 64)"), m);
            assertTrue(m.contains("uninstall") && m.contains("MeshFilter.uninstall(" + dir + ")"), m);
            try (RawMap still = RawMap.openPinned(pin)) {
                assertEquals(id, still.info().id(), "the pinned map is left as it was");
            }
            assertEquals(List.of(pin), list(dir), "nothing else was pinned");

            MeshFilter.uninstall(dir);
            assertFalse(Files.exists(dir), "uninstall clears the way");
            try (MeshFilter fresh = MeshFilter.builder().pinDir(dir).build()) {
                assertFalse(fresh.adopted());
            }
        } finally {
            MeshFilter.uninstall(dir);
            Commands.quiet("rm", "-rf", dir.toString());
        }
    }

    @Test
    void anExistingDirectoryOthersMayEnterIsMadeTheOwnersOnly() throws Exception {
        Path dir = Path.of("/sys/fs/bpf", "e4j-mesh-" + UUID.randomUUID());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            try (MeshFilter f = MeshFilter.builder().pinDir(dir).build()) {
                assertFalse(f.adopted());
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            }
        } finally {
            MeshFilter.uninstall(dir);
            Commands.quiet("rm", "-rf", dir.toString());
        }
    }

    @Test
    void aMapOfAnotherTypeIsRefusedToo() throws Exception {
        Path dir = Path.of("/sys/fs/bpf", "e4j-mesh-" + UUID.randomUUID());
        try {
            Files.createDirectory(dir);
            try (RawMap old = RawMap.create(MapSpec.of(MapType.HASH, 4, 8, MeshFilterObject.DEFAULT_IDENTITY_CAPACITY)
                    .withName("identity_policy").withPinPath(dir.resolve(MeshFilterObject.IDENTITY_POLICY)))) {
                BpfException e = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(dir).build());
                assertTrue(e.getMessage().contains("map 'identity_policy'") && e.getMessage().contains("type HASH (this filter: ARRAY)"),
                        e.getMessage());
            }
        } finally {
            MeshFilter.uninstall(dir);
            Commands.quiet("rm", "-rf", dir.toString());
        }
    }

    @Test
    void aDirectoryNotOnBpffsIsRefusedWithTheMountCommand() throws Exception {
        Path outside = Files.createTempDirectory("e4j-not-bpffs");
        try {
            Path absent = outside.resolve("mesh");
            BpfException e = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(absent).build());
            assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("mount -t bpf bpf /sys/fs/bpf"), e.getMessage());
            assertFalse(Files.exists(absent), "nothing is created outside bpffs");

            BpfException existing = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(outside).build());
            assertTrue(existing.getMessage().contains(outside + " is not on a BPF file system"), existing.getMessage());
            assertThrows(BpfException.class, () -> MeshFilter.uninstall(outside), "uninstall removes nothing off bpffs");
            assertTrue(Files.exists(outside));
        } finally {
            Commands.quiet("rm", "-rf", outside.toString());
        }
    }

    @Test
    void interfaceNamesAreEscapedForBpffsWhichRefusesDots() {
        assertEquals("eth0%2e100", MeshPins.escape("eth0.100"));
        assertEquals("a%25b%2e", MeshPins.escape("a%b."));
        for (String n : List.of("eth0", "eth0.100", "a%b.", "%2e", "x%252e")) {
            assertEquals(n, MeshPins.unescape(MeshPins.escape(n)), n);
            assertFalse(MeshPins.escape(n).contains("."), n);
        }
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
