package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.ObjectMapSpec;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.validate.LinkedProgram;
import io.ebpf4j.validate.ObjectPrograms;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j inspect}: every block checked against what ObjectSpec and the linker say about the file. */
class InspectCommandTest {

    /** Each program's row carries its section, type, own and linked instruction counts and subprograms. */
    private static void assertProgramRows(String out, ObjectSpec spec) {
        ObjectPrograms programs = spec.linkedPrograms();
        for (ProgramSpec p : spec.programs()) {
            String row = Cli.row(out, p.name());
            LinkedProgram l = programs.link(p.name());
            List<String> cols = List.of(row.strip().split("\\s+"));
            assertEquals(p.section(), cols.get(1), row);
            assertEquals(p.type().name().toLowerCase(Locale.ROOT), cols.get(2), row);
            assertEquals(Integer.toString(p.instructionCount()), cols.get(4), row);
            assertEquals(Integer.toString(l.slotCount()), cols.get(5), row);
            l.functions().stream().skip(1).forEach(f -> assertTrue(row.contains(f.name()), row));
        }
    }

    private static void assertMapAndGlobalRows(String out, ObjectSpec spec) {
        for (ObjectMapSpec m : spec.maps()) {
            if (!m.isInternal()) {
                String row = Cli.row(out, m.name());
                assertTrue(row.matches(".*\\s" + m.keySize() + "\\s+" + m.valueSize() + "\\s+" + m.maxEntries() + "\\s.*"), row);
            }
        }
        for (io.ebpf4j.VariableSpec v : spec.globals().list()) {
            String row = Cli.row(out, v.name());
            assertTrue(row.matches(".*\\s" + java.util.regex.Pattern.quote(v.section()) + "\\s+" + v.offset() + "\\s+"
                    + v.size() + "\\s.*"), row);
        }
    }

    @Test
    void policyViolationsShowsEveryBlockAndTheFindings() {
        Path file = Cli.fixture("policy_violations");
        Cli.Result r = Cli.run("inspect", file.toString());
        assertEquals(1, r.exit(), r.out());
        ObjectSpec spec = ObjectSpec.open(file);
        for (String block : List.of("PROGRAMS", "MAPS", "GLOBAL VARIABLES", "VALIDATION (default policy)")) {
            assertTrue(r.out().contains("\n" + block + "\n"), block + " in\n" + r.out());
        }
        assertTrue(r.out().contains("license \"GPL\""), r.out());
        assertProgramRows(r.out(), spec);
        assertMapAndGlobalRows(r.out(), spec);
        String validation = r.out().substring(r.out().indexOf("VALIDATION"));
        assertTrue(Cli.row(validation, "clean_loop").endsWith(" ok"), validation);
        for (String bad : List.of("signal_direct", "signal_indirect")) {
            assertTrue(validation.lines().anyMatch(l -> l.contains("ERROR  " + bad + "[") && l.contains("call bpf_send_signal#")
                    && l.contains("(policy.denied-helper)")), validation);
        }
        assertFalse(r.out().contains("DISASSEMBLY"), "no --disasm, no listing");
    }

    @Test
    void disasmPrintsTheLinkedProgramsWithFunctionsAndReferences() {
        Path file = Cli.fixture("policy_violations");
        Cli.Result r = Cli.run("inspect", "--disasm", file.toString());
        ObjectPrograms programs = ObjectSpec.open(file).linkedPrograms();
        for (String name : List.of("signal_direct", "signal_indirect", "clean_loop")) {
            LinkedProgram l = programs.link(name);
            String header = "DISASSEMBLY " + name + " (" + l.slotCount() + " instructions, linked)";
            assertTrue(r.out().contains(header), r.out());
            String rest = r.out().substring(r.out().indexOf(header));
            int next = rest.indexOf("\nDISASSEMBLY", 1);
            String listing = next < 0 ? rest : rest.substring(0, next);
            long numbered = listing.lines().filter(line -> line.matches("\\s+\\d+: .*")).count();
            assertEquals(l.insns().size(), numbered, listing);
            l.functions().forEach(f -> assertTrue(listing.contains(f.name() + " (" + f.section() + "):"), listing));
        }
        assertTrue(r.out().contains("; callback sum_cb"), r.out());
        assertTrue(r.out().contains("; map counts"), r.out());
        assertTrue(r.out().contains("call bpf_loop#"), r.out());
    }

    @Test
    void aCleanFixtureExitsZero() {
        Cli.Result r = Cli.run("inspect", Cli.fixture("globals").toString());
        assertEquals(0, r.exit(), r.out());
        assertMapAndGlobalRows(r.out(), ObjectSpec.open(Cli.fixture("globals")));
        assertTrue(r.out().contains(" .rodata "), r.out());
    }

    @Test
    void anObjectLaidOutByAnotherProject() throws Exception {
        Path file = Cli.foreignObject();
        Cli.Result r = Cli.run("inspect", "--disasm", file.toString());
        assertEquals(0, r.exit(), r.out());
        ObjectSpec spec = ObjectSpec.open(file);
        assertEquals(4, spec.programs().size());
        assertTrue(r.out().contains("license \"Dual BSD/GPL\""), r.out());
        assertProgramRows(r.out(), spec);
        assertMapAndGlobalRows(r.out(), spec);
        assertTrue(Cli.row(r.out(), "xdp_sum").contains("sum_one") && Cli.row(r.out(), "xdp_sum").contains("global_clamp"), r.out());
        assertTrue(r.out().contains("; callback sum_one"), r.out());
        assertTrue(r.out().contains("; .rodata+"), r.out());
        for (String section : List.of(" .data ", " .bss ", " .rodata ")) {
            assertTrue(r.out().contains(section), section + " in\n" + r.out());
        }
    }

    @Test
    void kconfigExternsShowAsFilledAtLoadAndEveryMapIsCounted() {
        Path file = Cli.feature("kconfig");
        Cli.Result r = Cli.run("inspect", file.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().lines().findFirst().orElseThrow().endsWith("1 program(s), 2 map(s) (0 declared, 2 internal: .bss, .kconfig)"),
                r.out());
        String maps = r.out().substring(r.out().indexOf("\nMAPS\n"), r.out().indexOf("\nGLOBAL VARIABLES\n"));
        assertTrue(Cli.row(maps, "kconfig.kconfig").endsWith("internal: section .kconfig, filled at load by libbpf"), maps);
        assertTrue(Cli.row(maps, "kconfig.bss").endsWith("internal: section .bss"), maps);
        String globals = r.out().substring(r.out().indexOf("\nGLOBAL VARIABLES\n"), r.out().indexOf("\nCO-RE"));
        for (String extern : List.of("LINUX_KERNEL_VERSION", "LINUX_HAS_SYSCALL_WRAPPER", "CONFIG_BPF_SYSCALL", "CONFIG_HZ",
                "CONFIG_EBPF4J_NO_SUCH_OPTION")) {
            String row = Cli.row(globals, extern);
            assertTrue(row.contains(" .kconfig ") && row.endsWith("filled at load by libbpf (kernel version/config)"), row);
            assertFalse(row.contains("initial value"), row);
        }
        assertTrue(Cli.row(globals, "seen_version").matches(".* \\.bss .* 0"), globals);
        assertMapAndGlobalRows(r.out(), ObjectSpec.open(file));
    }

    @Test
    void ksymsExternsShowAsKernelSymbols() {
        Cli.Result r = Cli.run("inspect", Cli.feature("ksyms").toString());
        assertEquals(0, r.exit(), r.out());
        for (String extern : List.of("_stext", "ebpf4j_no_such_symbol")) {
            String row = Cli.row(r.out().substring(r.out().indexOf("\nGLOBAL VARIABLES\n")), extern);
            assertTrue(row.contains(" .ksyms ") && row.endsWith("filled at load by libbpf (kernel symbol)"), row);
        }
    }

    @Test
    void aFileThatIsNotAnObjectExitsTwo() throws Exception {
        Path junk = java.nio.file.Files.createTempFile("not-bpf", ".o");
        try {
            java.nio.file.Files.writeString(junk, "hello");
            assertEquals(2, Cli.run("inspect", junk.toString()).exit());
        } finally {
            java.nio.file.Files.deleteIfExists(junk);
        }
    }
}
