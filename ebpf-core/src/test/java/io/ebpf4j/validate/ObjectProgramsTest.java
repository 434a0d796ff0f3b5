package io.ebpf4j.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.ObjectSpec;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.asm.Call;
import io.ebpf4j.asm.CallKind;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.asm.LoadImm64;
import io.ebpf4j.asm.PseudoSource;
import io.ebpf4j.asm.TestObjects;
import io.ebpf4j.testutil.Fixtures;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java linker on the fixture objects: what libbpf's bpf_object__reloc_code would produce. */
class ObjectProgramsTest {

    static Stream<String> fixtures() {
        return Stream.of("bad_verifier", "globals", "maps_all", "policy_violations", "ringbuf_producer", "tracing");
    }

    static ObjectSpec open(String name) {
        return name.equals("xdp_counter") ? Fixtures.xdpCounter() : Fixtures.open(name);
    }

    /** The call and callback targets of a linked program, as slot indices. */
    static Set<Integer> targets(List<Instruction> insns) {
        Set<Integer> out = new HashSet<>();
        int[] slots = Instructions.slotIndices(insns);
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof Call c && c.kind() == CallKind.LOCAL) {
                out.add((int) c.target(slots[i]));
            } else if (insns.get(i) instanceof LoadImm64 l && l.pseudo() == PseudoSource.FUNC) {
                out.add(slots[i] + l.imm() + 1);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyProgramLinksIntoAStreamWithoutUnresolvedCallsThatPassesStructure(String fixture) {
        ObjectSpec spec = open(fixture);
        ObjectPrograms programs = spec.linkedPrograms();
        assertEquals("GPL", programs.license());
        Validator structure = Validator.builder().policy(Policy.none()).build();
        for (ProgramSpec ps : spec.programs()) {
            LinkedProgram linked = programs.link(ps.name());
            // the main function comes first, byte for byte as libbpf read it
            assertEquals(ps.name(), linked.functions().get(0).name());
            assertEquals(ps.instructionCount(), linked.functions().get(0).slots());
            int total = linked.functions().stream().mapToInt(LinkedProgram.LinkedFunction::slots).sum();
            assertEquals(total, Instructions.slotCount(linked.insns()), ps.name());
            assertEquals(total, linked.slotCount());
            // every call lands on the start of an appended function, and each function is appended once
            Set<Integer> starts = new HashSet<>();
            linked.functions().forEach(f -> assertTrue(starts.add(f.start()), "appended twice: " + f));
            for (int t : targets(linked.insns())) {
                assertTrue(starts.contains(t), ps.name() + ": call to " + t + " is not a function start " + linked.functions());
            }
            assertTrue(linked.insns().stream().noneMatch(i -> i instanceof Call c && c.kind() == CallKind.LOCAL && c.imm() == -1),
                    ps.name() + " keeps an unresolved call -1");
            ValidationReport report = structure.validate(linked.input());
            assertTrue(report.ok(), ps.name() + ": " + report.findings());
            assertEquals(List.of(), report.findings(), ps.name());
        }
    }

    @Test
    void subprogramsAndCallbacksAreAppendedOnceInCallOrder() {
        ObjectSpec spec = Fixtures.open("policy_violations");
        ObjectPrograms programs = spec.linkedPrograms();
        LinkedProgram direct = programs.link("signal_direct");
        assertEquals(List.of("signal_direct"), direct.functions().stream().map(LinkedProgram.LinkedFunction::name).toList());

        LinkedProgram indirect = programs.link("signal_indirect");
        assertEquals(List.of("signal_indirect", "send_it"), names(indirect));
        assertEquals(spec.program("signal_indirect").instructionCount() + indirect.functions().get(1).slots(),
                indirect.slotCount());

        LinkedProgram clean = programs.link("clean_loop");
        assertEquals(List.of("clean_loop", "add_tgid", "sum_cb"), names(clean));
        long callbacks = clean.insns().stream().filter(i -> i instanceof LoadImm64 l && l.pseudo() == PseudoSource.FUNC).count();
        assertEquals(1, callbacks);
        assertTrue(clean.references().containsValue("callback sum_cb"), clean.references().toString());
        assertTrue(clean.references().containsValue("map counts"), clean.references().toString());
        // the main function of a program whose raw stream had a `call -1` differs from the ELF only in the call immediates
        byte[] raw = spec.program("signal_indirect").instructions();
        byte[] linked = Instructions.encode(indirect.insns());
        assertFalse(Arrays.equals(raw, Arrays.copyOf(linked, raw.length)));
    }

    @Test
    void helperCallsInSubprogramsAreSeen() {
        ObjectSpec spec = Fixtures.open("policy_violations");
        int sendSignal = HelperCatalog.kernel().id("bpf_send_signal").orElseThrow();
        LinkedProgram indirect = spec.linkedPrograms().link("signal_indirect");
        List<Instruction> own = Instructions.decode(spec.program("signal_indirect").instructions());
        assertTrue(own.stream().noneMatch(i -> i instanceof Call c && c.kind() == CallKind.HELPER && c.imm() == sendSignal));
        assertTrue(indirect.insns().stream().anyMatch(i -> i instanceof Call c && c.kind() == CallKind.HELPER && c.imm() == sendSignal));
    }

    @Test
    void globalsAndMapsStaySymbolic() {
        LinkedProgram g = Fixtures.open("globals").linkedPrograms().link("globals_snapshot");
        assertTrue(g.insns().stream().anyMatch(i -> i instanceof LoadImm64 l && l.pseudo() == PseudoSource.MAP_VALUE));
        assertTrue(g.insns().stream().anyMatch(i -> i instanceof LoadImm64 l && l.pseudo() == PseudoSource.MAP_FD));
        assertTrue(g.references().values().stream().anyMatch(r -> r.contains(".rodata")), g.references().toString());
        assertTrue(g.references().containsValue("map snapshot"), g.references().toString());
    }

    @Test
    void exceptionCallbacksAreAppendedLastAndKfuncCallsBecomeKfuncCalls() throws Exception {
        // libbpf 1.1 here does not append exception callbacks itself; 1.3+ does, and the kernel verifies them
        ObjectSpec spec = ObjectSpec.open(TestObjects.compile(ObjectProgramsTest.class, "exception_cb"));
        LinkedProgram p = spec.linkedPrograms().link("with_exc_cb");
        assertEquals(List.of("with_exc_cb", "helper", "exc_cb"), names(p));
        List<Call> kfuncs = p.insns().stream().filter(i -> i instanceof Call c && c.kind() == CallKind.KFUNC)
                .map(Call.class::cast).toList();
        assertEquals(2, kfuncs.size(), p.insns().toString());
        assertTrue(p.references().containsValue("kfunc bpf_rcu_read_lock"), p.references().toString());
        ValidationReport report = spec.linkedPrograms().validate(Validator.defaults());
        assertEquals(List.of("policy.denied-helper"), report.findings().stream().map(Finding::rule).toList(),
                report.findings().toString());
        assertTrue(report.findings().get(0).index() >= p.functions().get(2).start(), report.findings().toString());
    }

    @Test
    void theDeclarationsAreReadWhenTheProgramsAreFirstAskedFor() {
        ObjectSpec spec = Fixtures.open("policy_violations");
        ObjectPrograms programs = spec.linkedPrograms();
        spec.programs().forEach(p -> p.setAutoload(p.name().equals("clean_loop")));
        spec.program("clean_loop").setType(ProgramType.KPROBE);
        List<LinkedProgram> autoloaded = programs.autoloaded();
        assertEquals(List.of("clean_loop"), autoloaded.stream().map(LinkedProgram::name).toList());
        assertEquals(ProgramType.KPROBE, autoloaded.get(0).type());
    }

    @Test
    void aProgramTheObjectDoesNotHaveIsNamedInTheError() {
        ObjectPrograms programs = Fixtures.open("policy_violations").linkedPrograms();
        BpfException e = assertThrows(BpfException.class, () -> programs.link("no_such_program"));
        assertTrue(e.getMessage().contains("'no_such_program'") && e.getMessage().contains("signal_direct"),
                e.getMessage());
    }

    @Test
    void anObjectFileThatIsNotElfIsRefusedNamingTheObject() {
        BpfException e = assertThrows(BpfException.class,
                () -> ObjectPrograms.of("junk", new byte[] {1, 2, 3}, List::of));
        assertTrue(e.getMessage().contains("'junk'"), e.getMessage());
    }

    private static List<String> names(LinkedProgram p) {
        return p.functions().stream().map(LinkedProgram.LinkedFunction::name).toList();
    }

    /** SEC("?xdp"): libbpf calls the section "xdp"; the linker finds the program in ELF section "?xdp". */
    @Test
    void aProgramWithAutoloadOffLinksFromItsQuestionMarkSection() {
        ObjectSpec spec = io.ebpf4j.testutil.FeatureMatrix.AUTOLOAD_OFF.open();
        ProgramSpec off = spec.program("autoload_off_xdp");
        assertFalse(off.autoload());
        assertEquals("xdp", off.section());
        LinkedProgram l = spec.linkedPrograms().link("autoload_off_xdp");
        assertEquals("?xdp", l.functions().get(0).section());
    }
}
