package io.ebpf4j.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints how long decoding, validating and disassembling a 100,000-instruction program take. A
 * measurement, not a benchmark: no timing is asserted (JMH benchmarks come later).
 */
class ValidationMeasurementTest {
    private static final int SLOTS = 100_000;

    /** A 100k-slot program: random straight-line bodies with forward branches, helper calls and ld_imm64s. */
    static List<Instruction> bigProgram() {
        java.util.Random rnd = new java.util.Random(42);
        io.ebpf4j.asm.Assembler asm = io.ebpf4j.asm.Asm.assembler();
        java.util.TreeMap<Integer, List<String>> labelsAt = new java.util.TreeMap<>();
        int slot = 0;
        int item = 0;
        while (slot < SLOTS - 1) {
            for (String label : labelsAt.getOrDefault(item, List.of())) {
                asm.label(label);
            }
            labelsAt.remove(item);
            switch (rnd.nextInt(10)) {
                case 0 -> {
                    String label = "L" + item;
                    labelsAt.computeIfAbsent(item + 1 + rnd.nextInt(50), k -> new java.util.ArrayList<>()).add(label);
                    asm.jmp(io.ebpf4j.asm.JmpOp.JGT, io.ebpf4j.asm.Register.R1, rnd.nextInt(100), label);
                    slot += 1;
                }
                case 1 -> {
                    asm.add(io.ebpf4j.asm.Asm.call(5)); // bpf_ktime_get_ns
                    slot += 1;
                }
                case 2 -> {
                    asm.add(io.ebpf4j.asm.Asm.ldImm64(io.ebpf4j.asm.Register.R2, rnd.nextLong()));
                    slot += 2;
                }
                default -> {
                    asm.add(io.ebpf4j.asm.Asm.alu64(io.ebpf4j.asm.AluOp.ADD, io.ebpf4j.asm.Register.R0, rnd.nextInt()));
                    slot += 1;
                }
            }
            item++;
        }
        labelsAt.values().forEach(ls -> ls.forEach(asm::label)); // pending targets: the final exit
        asm.add(io.ebpf4j.asm.Asm.exit());
        return asm.build();
    }

    @Test
    void measureValidatingA100kInstructionProgram() {
        List<Instruction> insns = bigProgram();
        byte[] bytes = Instructions.encode(insns);
        Validator validator = Validator.builder().catalog(HelperCatalog.kernel()).build();
        Disassembler dis = new Disassembler(HelperCatalog.kernel());
        ProgramInput input = ProgramInput.of("big", ProgramType.SOCKET_FILTER, "GPL", insns);
        assertTrue(validator.validate(input).ok(), () -> validator.validate(input).errors().subList(0, 3).toString());
        long[] decode = new long[15];
        long[] validate = new long[15];
        long[] disassemble = new long[15];
        for (int i = 0; i < decode.length; i++) {
            long t0 = System.nanoTime();
            List<Instruction> decoded = Instructions.decode(bytes);
            long t1 = System.nanoTime();
            ValidationReport report = validator.validate(ProgramInput.of("big", ProgramType.SOCKET_FILTER, "GPL", decoded));
            long t2 = System.nanoTime();
            String text = dis.disassemble(decoded);
            long t3 = System.nanoTime();
            decode[i] = t1 - t0;
            validate[i] = t2 - t1;
            disassemble[i] = t3 - t2;
            assertTrue(report.ok() && !text.isEmpty());
        }
        System.out.printf("MEASURE %d slots (%d instructions): decode %.1f ms, validate (structure + default policy) %.1f ms,"
                + " disassemble %.1f ms (median of the last 10 of 15 runs)%n", Instructions.slotCount(insns), insns.size(),
                median(decode), median(validate), median(disassemble));
    }

    private static double median(long[] nanos) {
        long[] last = Arrays.copyOfRange(nanos, nanos.length - 10, nanos.length);
        Arrays.sort(last);
        return (last[4] + last[5]) / 2.0 / 1e6;
    }
}
