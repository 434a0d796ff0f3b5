package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.testutil.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CO-RE relocations of the tracing fixture, named, and checked against kernel BTF. */
class CoreRelocationsTest {

    @Test
    void readsTheFieldsTheTracepointProgramReadsThroughCoRe() {
        List<CoreRelocation> relos = CoreRelocations.of(Fixtures.bytes("tracing"));
        List<String> seen = relos.stream().map(r -> r.type() + "." + r.access()).toList();
        assertTrue(seen.contains("struct task_struct.real_parent"), seen.toString());
        assertTrue(seen.contains("struct task_struct.tgid"), seen.toString());
        assertTrue(seen.contains("struct syscall_trace_enter.nr"), seen.toString());
        relos.forEach(r -> assertEquals("tracepoint/syscalls/sys_enter_getppid", r.section()));
        relos.forEach(r -> assertEquals(CoreRelocation.Kind.FIELD_BYTE_OFFSET, r.kind()));
        assertTrue(CoreRelocations.of(Fixtures.bytes("maps_all")).isEmpty(), "an object without CO-RE reads has none");
    }

    @Test
    void theRunningKernelHasThemAndABtfWithoutThoseTypesDoesNot() {
        List<CoreRelocation> relos = CoreRelocations.of(Fixtures.bytes("tracing"));
        try (Btf kernel = Btf.vmlinux()) {
            assertEquals(List.of(), CoreRelocations.checkAgainst(relos, kernel));
        }
        // The globals fixture's own BTF has none of these kernel types: every relocation is missing there.
        byte[] globals = Fixtures.bytes("globals");
        io.ebpf4j.internal.elf.ElfFile elf = io.ebpf4j.internal.elf.ElfFile.parse(globals);
        try (Btf other = Btf.fromBytes(elf.data(elf.section(".BTF").orElseThrow()))) {
            assertEquals(relos.size(), CoreRelocations.checkAgainst(relos, other).size());
        }
    }
}
