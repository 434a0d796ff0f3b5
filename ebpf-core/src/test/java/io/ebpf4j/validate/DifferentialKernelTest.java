package io.ebpf4j.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.asm.RawProgramLoader;
import io.ebpf4j.asm.TestObjects;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The structural validator against the kernel's verifier, on random (mostly broken) programs:
 * what the validator refuses the kernel refuses, and what it accepts the kernel does not refuse
 * for a structural reason.
 */
class DifferentialKernelTest {
    /**
     * Verifier messages that mean a structural refusal. ("BPF program is too large" is not one: it is
     * the verifier's budget of processed instructions, hit by loops a mutation created.)
     */
    static final List<String> STRUCTURAL = List.of("unknown opcode", "reserved fields", "invalid BPF_", "R\\d+ is invalid",
            "frame pointer is read only", "jump out of range", "unreachable insn", "invalid shift", "div by zero",
            "last insn is not", "bpf_ld_imm64", "invalid func unknown", "jump into the middle",
            "invalid atomic", "BPF_ATOMIC uses", "invalid destination", "no space left", "back-edge");

    private static final HelperCatalog CATALOG = HelperCatalog.kernel();
    private static final Validator VALIDATOR = Validator.builder().catalog(CATALOG).policy(Policy.none()).build();

    /** The verifier's error line with numbers blanked, for statistics. */
    static String reason(String log, int errno) {
        String[] lines = log.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].startsWith("processed ") && !lines[i].isBlank() && !lines[i].matches("^\\d+: .*")) {
                return lines[i].replaceAll("-?\\d+", "N").replaceAll("R\\d", "Rn");
            }
        }
        return "errno " + errno + ", no log";
    }

    @BeforeProperty
    void root() {
        TestObjects.requireRoot();
    }

    @Property(tries = 3000)
    void validatorAndVerifierAgreeOnStructure(@ForAll long seed) {
        RandomPrograms.Case c = RandomPrograms.generate(seed);
        List<Instruction> insns = Instructions.decode(c.words());
        ValidationReport report = VALIDATOR.validate(ProgramInput.of("diff", ProgramType.SOCKET_FILTER, "GPL", insns));
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "diff", "GPL", insns)) {
            String context = "seed " + seed + ", mutation: " + c.mutation() + "\nfindings: " + report.findings()
                    + "\nprogram:\n" + new Disassembler(CATALOG).disassemble(insns) + "\nverifier (errno " + r.errno() + "):\n" + r.log();
            net.jqwik.api.statistics.Statistics.collect(report.ok() ? "validator accepts" : "validator refuses",
                    r.loaded() ? "kernel loads" : "kernel refuses");
            if (report.ok() && !r.loaded()) {
                net.jqwik.api.statistics.Statistics.label("why the kernel refused what the validator accepted")
                        .collect(reason(r.log(), r.errnoNumber()));
            }
            if (!report.ok()) {
                assertFalse(r.loaded(), "the validator refused a program the kernel loaded; " + context);
            } else if (!r.loaded()) {
                if (r.errno().equals(Optional.of(Errno.E2BIG)) && r.log().isBlank()) {
                    fail("the kernel refused the program as too big (E2BIG) but the validator accepted it; " + context);
                }
                for (String marker : STRUCTURAL) {
                    if (java.util.regex.Pattern.compile(marker).matcher(r.log()).find()) {
                        fail("the kernel refused for structure ('" + marker + "') a program the validator accepted; " + context);
                    }
                }
            }
        }
    }
}
