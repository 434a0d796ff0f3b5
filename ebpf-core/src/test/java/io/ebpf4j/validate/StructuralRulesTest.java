package io.ebpf4j.validate;

import static io.ebpf4j.asm.Register.R0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.RawProgramLoader;
import io.ebpf4j.asm.TestObjects;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every structural rule: a program that breaks it is flagged with that rule, and the kernel refuses it too. */
class StructuralRulesTest {
    private static final Validator VALIDATOR = Validator.builder().policy(Policy.none()).build();

    static ValidationReport validate(List<Instruction> insns) {
        return VALIDATOR.validate(ProgramInput.of("broken", ProgramType.SOCKET_FILTER, "GPL", insns));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ebpf4j.validate.BrokenPrograms#all")
    void eachRuleIsFlagged(StructuralRule rule, List<Instruction> insns) {
        ValidationReport report = validate(insns);
        assertFalse(report.ok());
        Set<String> rules = report.errors().stream().map(Finding::rule).collect(Collectors.toSet());
        assertEquals(Set.of(rule.id()), rules, report.findings().toString());
        Finding f = report.errors().get(0);
        assertEquals("broken", f.program());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ebpf4j.validate.BrokenPrograms#all")
    void theKernelRefusesEachToo(StructuralRule rule, List<Instruction> insns) {
        TestObjects.requireRoot();
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "broken", "GPL", insns)) {
            assertFalse(r.loaded(), rule + " was loaded");
            assertTrue(r.errno().filter(EnumSet.of(Errno.EINVAL, Errno.E2BIG, Errno.EACCES)::contains).isPresent(),
                    rule + ": " + Errno.nameOf(r.errnoNumber()) + "\n" + r.log());
        }
    }

    @Test
    void everyRuleHasABrokenProgram() {
        Set<StructuralRule> covered = BrokenPrograms.all().map(a -> (StructuralRule) a.get()[0])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StructuralRule.class)));
        covered.add(StructuralRule.EMPTY_PROGRAM); // below: the loader refuses empty programs before the kernel
        covered.add(StructuralRule.IGNORED_FIELD); // below: a warning, and the kernel accepts it
        assertEquals(EnumSet.allOf(StructuralRule.class), covered);
    }

    @Test
    void anEmptyProgramIsFlagged() {
        ValidationReport report = validate(List.of());
        assertEquals(List.of(StructuralRule.EMPTY_PROGRAM.id()), report.errors().stream().map(Finding::rule).toList());
    }

    @Test
    void anExitWithAnOffsetIsOnlyAWarningAndTheKernelAgrees() {
        List<Instruction> insns = List.of(Asm.mov64(R0, 0), Asm.raw(0x95, 0, 0, 3, 0), Asm.mov64(R0, 1), Asm.exit());
        ValidationReport report = validate(insns);
        // it ends the path like an exit: what follows is unreachable, for the kernel too
        assertEquals(List.of(StructuralRule.UNREACHABLE.id()), report.errors().stream().map(Finding::rule).toList());
        assertEquals(List.of(StructuralRule.IGNORED_FIELD.id()), report.warnings().stream().map(Finding::rule).toList());
        List<Instruction> alone = insns.subList(0, 2);
        assertTrue(validate(alone).ok());
        TestObjects.requireRoot();
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "exit_off", "GPL", alone)) {
            assertTrue(r.loaded(), r.log());
        }
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "exit_off", "GPL", insns)) {
            assertTrue(r.log().contains("unreachable insn 2"), r.log());
        }
    }

    @Test
    void findingsCarryTheSlotIndexAndTheDisassembledLine() {
        List<Instruction> insns = List.of(Asm.ldImm64(R0, 5), Asm.mov64(io.ebpf4j.asm.Register.R10, 0), Asm.exit());
        Finding f = validate(insns).errors().get(0);
        assertEquals(2, f.index());
        assertEquals("r10 = 0", f.line());
        assertEquals(StructuralRule.FRAME_POINTER_WRITE.id(), f.rule());
        assertEquals(Severity.ERROR, f.severity());
    }

    @Test
    void unknownHelpersAreOnlyWarningsWithANamesOnlyCatalog() {
        Validator v = Validator.builder().catalog(HelperCatalog.builtin()).policy(Policy.none()).build();
        ValidationReport report = v.validate(ProgramInput.of("p", ProgramType.XDP, "GPL",
                List.of(Asm.call(99_999), Asm.mov64(R0, 0), Asm.exit())));
        assertTrue(report.ok());
        assertEquals(StructuralRule.UNKNOWN_HELPER.id(), report.warnings().get(0).rule());
    }

    @Test
    void aValidProgramWithFunctionsAndLoopsHasNoFindings() {
        List<Instruction> insns = Asm.assembler()
                .add(Asm.mov64(R0, 0), Asm.mov64(io.ebpf4j.asm.Register.R1, 3))
                .label("loop")
                .call("fn")
                .add(Asm.alu64(io.ebpf4j.asm.AluOp.SUB, io.ebpf4j.asm.Register.R1, 1))
                .jmp(io.ebpf4j.asm.JmpOp.JNE, io.ebpf4j.asm.Register.R1, 0, "loop")
                .add(Asm.exit())
                .label("fn")
                .add(Asm.add64(R0, 1), Asm.exit())
                .build();
        ValidationReport report = validate(insns);
        assertEquals(List.of(), report.findings());
    }
}
