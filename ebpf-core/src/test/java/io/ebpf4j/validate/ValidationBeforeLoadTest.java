package io.ebpf4j.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebpf4j.BpfObject;
import io.ebpf4j.LoadOptions;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Call;
import io.ebpf4j.asm.CallKind;
import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testutil.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation wired into {@link ObjectSpec#load(LoadOptions)}, against the real kernel. */
@RequiresKernel(value = KernelFeature.BPF_SYSCALL, programTypes = ProgramType.TRACEPOINT)
class ValidationBeforeLoadTest {
    private static final Set<String> SIGNALLING = Set.of("signal_direct", "signal_indirect");

    static Stream<String> objects() {
        return Stream.of("bad_verifier", "globals", "maps_all", "policy_violations", "ringbuf_producer", "tracing",
                "xdp_counter");
    }

    private static ObjectSpec violations(String... autoload) {
        ObjectSpec spec = Fixtures.open("policy_violations");
        List<String> on = List.of(autoload);
        spec.programs().forEach(p -> p.setAutoload(on.contains(p.name())));
        return spec;
    }

    private static int sendSignalId() {
        return HelperCatalog.kernel().id("bpf_send_signal").orElseThrow();
    }

    /** Names of the programs loaded in the kernel now (bpftool; kernel names are cut at 15 characters). */
    private static List<String> kernelProgramNames() {
        List<String> out = new ArrayList<>();
        for (JsonNode p : Bpftool.json("prog", "show")) {
            out.add(p.path("name").asText());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("objects")
    void fixturesAndThePrebuiltCounterPassTheDefaultPolicy(String name) {
        ObjectSpec spec = name.equals("xdp_counter") ? Fixtures.xdpCounter() : Fixtures.open(name);
        if (name.equals("policy_violations")) {
            spec.programs().forEach(p -> p.setAutoload(!SIGNALLING.contains(p.name())));
        }
        ValidationReport report = spec.linkedPrograms().validate(Validator.defaults());
        assertEquals(List.of(), report.findings(), name);
    }

    @Test
    void deniedHelpersRefuseTheLoadBeforeTheKernelSeesIt_directAndFromASubprogram() {
        ObjectSpec spec = violations("signal_direct", "signal_indirect", "clean_loop");
        ValidationException e = assertThrows(ValidationException.class, spec::load);
        Disassembler dis = new Disassembler(HelperCatalog.kernel());
        ObjectPrograms programs = spec.linkedPrograms();
        assertEquals(2, e.findings().size(), e.getMessage());
        for (String name : List.of("signal_direct", "signal_indirect")) {
            List<Instruction> insns = programs.link(name).insns();
            int[] slots = Instructions.slotIndices(insns);
            int call = -1;
            for (int i = 0; i < insns.size(); i++) {
                if (insns.get(i) instanceof Call c && c.kind() == CallKind.HELPER && c.imm() == sendSignalId()) {
                    call = i;
                }
            }
            Finding f = e.findings().stream().filter(x -> x.program().equals(name)).findFirst().orElseThrow(() ->
                    new AssertionError("no finding for " + name + ": " + e.getMessage()));
            assertEquals(slots[call], f.index(), f.toString());
            assertEquals(dis.format(insns.get(call)), f.line());
            assertEquals("call bpf_send_signal#" + sendSignalId(), f.line());
            assertEquals("policy.denied-helper", f.rule());
            assertTrue(e.getMessage().contains(name + "[" + f.index() + "] call bpf_send_signal"), e.getMessage());
        }
        // the indirect call sits in send_it, past the end of the program's own function
        Finding indirect = e.findings().stream().filter(x -> x.program().equals("signal_indirect")).findFirst().orElseThrow();
        assertTrue(indirect.index() >= spec.program("signal_indirect").instructionCount(), indirect.toString());
        assertTrue(e.getMessage().contains("policy_violations"), e.getMessage());
        List<String> loaded = kernelProgramNames();
        for (String name : List.of("signal_direct", "signal_indirect", "clean_loop")) {
            assertFalse(loaded.contains(name), name + " reached the kernel: " + loaded);
        }
    }

    @Test
    void aCleanProgramWithASubprogramAndABpfLoopCallbackPassesAndLoads() {
        ObjectSpec spec = violations("clean_loop");
        try (BpfObject obj = spec.load()) {
            Program p = obj.program("clean_loop");
            assertTrue(p.fd() > 0);
            assertSameAsLibbpf(spec, p);
        }
    }

    @Test
    void optingOutLoadsWhatThePolicyDenies() {
        // bpf_send_signal is a tracing helper; lockdown=integrity does not restrict it (only confidentiality
        // restricts kernel reads, and bpf_probe_write_user is what integrity refuses)
        ObjectSpec spec = violations("signal_direct", "signal_indirect");
        try (BpfObject obj = spec.load(LoadOptions.DEFAULTS.withoutValidation())) {
            assertTrue(obj.program("signal_direct").fd() > 0);
            assertSameAsLibbpf(spec, obj.program("signal_direct"));
            assertSameAsLibbpf(spec, obj.program("signal_indirect"));
        }
    }

    @Test
    void aCustomPolicyRefusesAProgramTypeItDoesNotAllow() {
        ObjectSpec spec = violations("clean_loop");
        LoadOptions xdpOnly = LoadOptions.DEFAULTS.withPolicy(Policy.defaults().and(Policy.allowProgramTypes(Set.of(ProgramType.XDP))));
        ValidationException e = assertThrows(ValidationException.class, () -> spec.load(xdpOnly));
        assertEquals(1, e.findings().size(), e.getMessage());
        assertEquals("policy.program-type", e.findings().get(0).rule());
        assertEquals("clean_loop", e.findings().get(0).program());
        // the type the spec holds now is the one checked
        ObjectSpec asXdp = violations("clean_loop");
        asXdp.program("clean_loop").setType(ProgramType.XDP);
        assertEquals(List.of(), asXdp.linkedPrograms().validate(Validator.builder()
                .policy(Policy.allowProgramTypes(Set.of(ProgramType.XDP))).build()).findings());
    }

    @Test
    void warningsDoNotStopTheLoad() {
        ObjectSpec spec = violations("clean_loop");
        Policy warnOnly = program -> List.of(program.program("custom.note", Severity.WARNING, "just saying"));
        assertEquals(1, spec.linkedPrograms().validate(Validator.builder().policy(warnOnly).build()).warnings().size());
        try (BpfObject obj = spec.load(LoadOptions.DEFAULTS.withPolicy(warnOnly))) {
            assertTrue(obj.program("clean_loop").fd() > 0);
        }
    }

    @Test
    void defaultsValidateAndNoneIsAnExplicitChoice() {
        assertTrue(LoadOptions.DEFAULTS.validation().isPresent());
        assertTrue(LoadOptions.DEFAULTS.withLogLevel(2).validation().isPresent());
        assertTrue(LoadOptions.DEFAULTS.withoutValidation().validation().isEmpty());
        assertTrue(new LoadOptions(4096, 8192, 0).validation().isPresent());
    }

    @Test
    void everyFixtureStillLoadsWithValidationOn() {
        // the fixtures other tests load pass validation; this one loads the multi-program ones in full
        for (ObjectSpec spec : List.of(Fixtures.open("maps_all"), Fixtures.open("globals"), Fixtures.xdpCounter())) {
            try (BpfObject obj = spec.load()) {
                for (ProgramSpec ps : spec.programs()) {
                    assertTrue(obj.program(ps.name()).fd() > 0);
                }
            }
        }
        try (BpfObject obj = Fixtures.tracing().load()) {
            assertSameAsLibbpf(Fixtures.tracing(), obj.program("tp_getppid"));
            assertSameAsLibbpf(Fixtures.tracing(), obj.program("tc_count"));
        }
    }

    /**
     * Our link equals what libbpf handed to the kernel: same length, same opcodes and pseudo sources in
     * every slot, same call and callback offsets; only map fds and CO-RE-relocated values differ.
     */
    private static void assertSameAsLibbpf(ObjectSpec spec, Program loaded) {
        byte[] theirs = ObjectCalls.programInstructions(Access.program(Program.class).handle(loaded));
        LinkedProgram ours = spec.linkedPrograms().link(loaded.name());
        long[] a = Instructions.words(ours.insns());
        long[] b = Instructions.words(Instructions.decode(theirs));
        assertEquals(b.length, a.length, loaded.name() + " length");
        List<Instruction> decoded = Instructions.decode(theirs);
        int[] slots = Instructions.slotIndices(decoded);
        for (int i = 0; i < decoded.size(); i++) {
            int s = slots[i];
            assertEquals(b[s] & 0xffff, a[s] & 0xffff, loaded.name() + " slot " + s + " opcode/registers");
            if (decoded.get(i) instanceof Call c && c.kind() == CallKind.LOCAL
                    || decoded.get(i) instanceof io.ebpf4j.asm.LoadImm64 l && l.pseudo() == io.ebpf4j.asm.PseudoSource.FUNC) {
                assertEquals(b[s], a[s], loaded.name() + " slot " + s + " call");
            }
        }
    }
}
