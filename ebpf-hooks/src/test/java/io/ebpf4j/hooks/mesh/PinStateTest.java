package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.MapSpec;
import io.ebpf4j.map.RawMap;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pin directory's own state: a path that is not a directory, pins of another layout version, a
 * directory made with its missing parents, and a directory holding pins the filter did not make.
 */
@RequiresKernel(value = {KernelFeature.BPFFS, KernelFeature.BPF_LINK}, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class PinStateTest {

    private static Path fresh() {
        return Path.of("/sys/fs/bpf", "e4j-pins-" + UUID.randomUUID());
    }

    @Test
    void aPinThatIsNotADirectoryIsRefusedForBuildAndUninstall() {
        Path pin = fresh();
        try (RawMap map = RawMap.create(MapSpec.array(4, 1).withPinPath(pin))) {
            BpfException build = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(pin).build());
            assertTrue(build.getMessage().contains(pin + " exists and is not a directory"), build.getMessage());
            assertEquals("choose a directory on bpffs, e.g. /sys/fs/bpf/ebpf4j-mesh", build.remedy().orElseThrow());
            BpfException uninstall = assertThrows(BpfException.class, () -> MeshFilter.uninstall(pin));
            assertTrue(uninstall.getMessage().contains(pin + " is not a directory"), uninstall.getMessage());
            assertEquals("pass the pin directory the filter was built with", uninstall.remedy().orElseThrow());
            assertTrue(Files.exists(pin), "left alone");
        } finally {
            Commands.quiet("rm", "-f", pin.toString());
        }
    }

    @Test
    void pinsOfAnotherLayoutVersionAreRefusedUntilUninstalled() throws Exception {
        Path dir = fresh();
        try {
            int tag;
            try (MeshFilter first = MeshFilter.builder().pinDir(dir).build()) {
                tag = first.nodeTag();
            }
            try (MeshFilter again = MeshFilter.builder().pinDir(dir).build()) {
                assertEquals(tag, again.nodeTag(), "the pinned node tag is kept");
            }
            Path state = dir.resolve(MeshPins.STATE);
            try (BpfMap<Integer, MeshPins.State> s = BpfMap.of(RawMap.openPinned(state), Codecs.INT,
                    Codecs.record(MeshPins.State.class))) {
                s.put(0, new MeshPins.State(MeshPins.STATE_VERSION + 98, tag)); // as a later version would write it
            }
            BpfException e = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(dir).build());
            assertTrue(e.getMessage().contains("map '" + MeshPins.STATE + "' pinned at " + state), e.getMessage());
            assertTrue(e.getMessage().contains("its layout version is " + (MeshPins.STATE_VERSION + 98)
                    + " (this filter: " + MeshPins.STATE_VERSION + ")"), e.getMessage());
            assertTrue(e.remedy().orElseThrow().contains("MeshFilter.uninstall(" + dir + ")"), e.remedy().orElseThrow());

            assertEquals(dir, MeshFilter.uninstall(dir).getLast(), "the directory goes last");
            assertFalse(Files.exists(dir));
        } finally {
            MeshFilter.uninstall(dir);
        }
    }

    @Test
    void missingParentsAreMadeAndForeignPinsKeepTheDirectory() throws Exception {
        Path top = fresh();
        Path dir = top.resolve("node").resolve("a");
        try {
            try (MeshFilter f = MeshFilter.builder().pinDir(dir).build()) {
                assertEquals(java.util.Optional.of(dir), f.pinDir());
            }
            assertTrue(Files.isDirectory(dir));
            Path foreign = dir.resolve("someone_elses");
            try (RawMap other = RawMap.create(MapSpec.array(4, 1).withPinPath(foreign))) {
                List<Path> removed = MeshFilter.uninstall(dir);
                assertFalse(removed.contains(dir), "not removed while it holds a foreign pin: " + removed);
                assertTrue(removed.contains(dir.resolve(MeshPins.STATE)), removed.toString());
                assertEquals(List.of(foreign), Files.list(dir).toList(), "only the foreign pin is left");
            }
        } finally {
            Commands.quiet("rm", "-rf", top.toString());
        }
    }
}
