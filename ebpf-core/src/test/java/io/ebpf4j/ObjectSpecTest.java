package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.AttachType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening objects and inspecting/changing specs: no kernel objects are created here. */
class ObjectSpecTest {

    @Test
    void listsProgramsWithSectionsTypesAndInstructions() {
        ObjectSpec spec = Fixtures.open("tracing");
        List<String> names = spec.programs().stream().map(ProgramSpec::name).toList();
        assertEquals(List.of("tp_getppid", "raw_tp_sys_enter", "uprobe_count", "kprobe_openat2", "fentry_openat2", "tc_count"),
                names);
        ProgramSpec tp = spec.program("tp_getppid");
        assertEquals("tracepoint/syscalls/sys_enter_getppid", tp.section());
        assertEquals(ProgramType.TRACEPOINT, tp.type());
        assertEquals(ProgramType.SCHED_CLS, spec.program("tc_count").type());
        assertEquals(ProgramType.TRACING, spec.program("fentry_openat2").type());
        assertEquals(AttachType.TRACE_FENTRY, spec.program("fentry_openat2").expectedAttachType().orElseThrow());
        assertTrue(tp.instructionCount() > 0);
        assertEquals(tp.instructionCount() * 8, tp.instructions().length);
        assertTrue(tp.autoload());
    }

    @Test
    void listsMapsWithTheirDeclaredShapes() {
        ObjectSpec spec = Fixtures.open("maps_all");
        ObjectMapSpec hash = spec.map("hash_map");
        assertEquals(MapType.HASH, hash.type());
        assertEquals(16, hash.keySize());
        assertEquals(32, hash.valueSize());
        assertTrue(hash.btfKeyTypeId() > 0, "BTF key type");
        assertEquals(MapType.LPM_TRIE, spec.map("lpm_trie").type());
        assertEquals(MapType.ARRAY_OF_MAPS, spec.map("array_of_maps").type());
        assertFalse(hash.isInternal());
    }

    @Test
    void specsAreChangeableAndCopiesAreIndependent() {
        ObjectSpec spec = Fixtures.open("maps_all");
        ObjectSpec copy = spec.copy();
        spec.map("hash_map").setMaxEntries(4096);
        spec.program("maps_tail").setAutoload(false);
        assertEquals(4096, spec.map("hash_map").maxEntries());
        assertFalse(spec.program("maps_tail").autoload());
        assertTrue(copy.program("maps_tail").autoload());
        assertTrue(copy.map("hash_map").maxEntries() != 4096);
    }

    @Test
    void globalVariableSectionsAreInternalMapsWithTheirInitialData() {
        ObjectSpec spec = Fixtures.open("globals");
        List<ObjectMapSpec> internal = spec.maps().stream().filter(ObjectMapSpec::isInternal).toList();
        assertTrue(internal.stream().anyMatch(m -> m.name().endsWith(".rodata")), internal.toString());
        assertTrue(internal.stream().anyMatch(m -> m.name().endsWith(".data")), internal.toString());
        ObjectMapSpec data = internal.stream().filter(m -> m.name().endsWith(".data")).findFirst().orElseThrow();
        byte[] init = spec.initialData(data.name()).orElseThrow();
        assertEquals(0xef, init[0] & 0xff, "data_u32 = 0xdeadbeef, little-endian");
        assertThrows(IllegalArgumentException.class, () -> data.setMaxEntries(2));
    }

    @Test
    void unknownNamesAreReportedWithWhatExists() {
        ObjectSpec spec = Fixtures.open("tracing");
        BpfException e = assertThrows(BpfException.class, () -> spec.program("nope"));
        assertTrue(e.getMessage().contains("tp_getppid"), e.getMessage());
        BpfException m = assertThrows(BpfException.class, () -> spec.map("nope"));
        assertTrue(m.getMessage().contains("getppid_calls"), m.getMessage());
    }

    @Test
    void malformedInputIsRefusedWithAReason() throws Exception {
        byte[] good = Fixtures.bytes("tracing");
        assertMalformed(new byte[0], "too short");
        assertMalformed(new byte[200], "bad magic");
        assertMalformed(Arrays.copyOf(good, good.length / 2), "outside the file");
        byte[] wrongMachine = good.clone();
        wrongMachine[18] = 62; // EM_X86_64
        assertMalformed(wrongMachine, "not a BPF object");
        Path trueBinary = Path.of("/bin/true");
        if (Files.exists(trueBinary)) {
            BpfException e = assertThrows(BpfException.class, () -> ObjectSpec.open(trueBinary));
            assertTrue(e.getMessage().contains("malformed ELF"), e.getMessage());
        }
        BpfException missing = assertThrows(BpfException.class, () -> ObjectSpec.open(Path.of("/nonexistent/x.bpf.o")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        BpfException resource = assertThrows(BpfException.class, () -> ObjectSpec.fromResource("/no/such.bpf.o"));
        assertTrue(resource.getMessage().contains("no such resource"), resource.getMessage());
    }

    @Test
    void openingTwiceGivesEqualSpecs() {
        ObjectSpec a = Fixtures.open("tracing");
        ObjectSpec b = Fixtures.open("tracing");
        assertEquals(a.programs(), b.programs());
        assertArrayEquals(a.program("tc_count").instructions(), b.program("tc_count").instructions());
    }

    private static void assertMalformed(byte[] bytes, String why) {
        BpfException e = assertThrows(BpfException.class, () -> ObjectSpec.open(bytes, "bad"));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
