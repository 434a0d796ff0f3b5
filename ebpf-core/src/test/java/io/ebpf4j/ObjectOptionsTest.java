package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.map.MapInfo;
import io.ebpf4j.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Open options and spec changes that only show at load: custom BTF, pinned-map reuse, program type. */
@RequiresKernel(value = {KernelFeature.BPF_SYSCALL, KernelFeature.BPFFS, KernelFeature.CO_RE},
        programTypes = {ProgramType.TRACEPOINT, ProgramType.XDP, ProgramType.SOCKET_FILTER})
class ObjectOptionsTest {

    @Test
    void aCustomBtfFileIsUsedForCoReRelocations() {
        // The kernel's own BTF file stands in for a BTFHub-style file of the same kernel.
        OpenOptions withBtf = OpenOptions.DEFAULTS.withBtfCustomPath(Path.of("/sys/kernel/btf/vmlinux"));
        ObjectSpec spec = ObjectSpec.open(Fixtures.bytes("tracing"), "tracing", withBtf);
        spec.programs().forEach(p -> p.setAutoload(p.name().equals("tp_getppid")));
        try (BpfObject obj = spec.load()) {
            assertEquals(ProgramType.TRACEPOINT, obj.program("tp_getppid").info().type());
        }
        OpenOptions missing = OpenOptions.DEFAULTS.withBtfCustomPath(Path.of("/nonexistent/vmlinux.btf"));
        ObjectSpec broken = ObjectSpec.open(Fixtures.bytes("tracing"), "tracing", missing);
        broken.programs().forEach(p -> p.setAutoload(p.name().equals("tp_getppid")));
        BpfException e = assertThrows(BpfException.class, broken::load);
        assertTrue(e.getMessage().contains("tracing"), e.getMessage());
    }

    @Test
    void aMapPinnedByOneObjectIsReusedByTheNext() throws Exception {
        Path pin = Path.of("/sys/fs/bpf", "e4j-reuse-" + UUID.randomUUID());
        try {
            ObjectSpec first = Fixtures.open("maps_all");
            first.map("hash_map").setPinPath(pin);
            ObjectSpec second = Fixtures.open("maps_all");
            second.map("hash_map").setPinPath(pin);
            try (BpfObject a = first.load()) {
                assertTrue(Files.exists(pin), "pinned at load");
                try (BpfObject b = second.load()) {
                    MapInfo ia = a.map("hash_map").info();
                    MapInfo ib = b.map("hash_map").info();
                    assertEquals(ia.id(), ib.id(), "the second object reuses the pinned map");
                    MapInfo other = b.map("array_map").info();
                    assertTrue(other.id() != a.map("array_map").info().id(), "unpinned maps are not shared");
                }
            }
            assertTrue(Files.exists(pin), "the pin outlives both objects");
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void aChangedProgramTypeReachesTheKernel() {
        ObjectSpec spec = Fixtures.open("bad_verifier");
        spec.programs().forEach(p -> p.setAutoload(p.name().equals("good_pass")));
        spec.program("good_pass").setType(ProgramType.SOCKET_FILTER).setExpectedAttachType(null);
        try (BpfObject obj = spec.load()) {
            assertEquals(ProgramType.SOCKET_FILTER, obj.program("good_pass").info().type());
        }
    }
}
