package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.AluOp;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.Assembler;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.JmpOp;
import io.ebpf4j.asm.Register;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.validate.ProgramInput;
import io.ebpf4j.validate.ValidationReport;
import io.ebpf4j.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Load time: open + load + attach (+ detach and close) of bench_trace.bpf.o with its two tracepoint
 * programs, the same cycle the C baseline times with libbpf; and the time the {@link Validator} takes
 * over a 100,000-instruction program built with the assembler. Scores are microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadBench {
    static final int SLOTS = 100_000;

    private Path object;
    private Validator validator;
    private ProgramInput big;

    @Setup(Level.Trial)
    public void setup() {
        object = BenchObjects.path(BenchObjects.TRACE);
        validator = Validator.builder().catalog(HelperCatalog.kernel()).build();
        big = ProgramInput.of("big", ProgramType.SOCKET_FILTER, "GPL", bigProgram());
        ValidationReport r = validator.validate(big);
        if (!r.ok()) {
            throw new IllegalStateException("the 100k program does not validate: " + r.errors());
        }
    }

    @Benchmark
    public int openLoadAttach() {
        try (BpfObject obj = ObjectSpec.open(object).load();
                Link a = Tracepoint.attach(obj.program("tp_connect"), "syscalls", "sys_enter_connect");
                Link b = Tracepoint.attach(obj.program("tp_sendto"), "syscalls", "sys_enter_sendto")) {
            return obj.program("tp_connect").fd();
        }
    }

    @Benchmark
    public ValidationReport validate100k() {
        return validator.validate(big);
    }

    /** A 100k-slot program: straight-line ALU bodies with forward branches, helper calls and ld_imm64s. */
    static List<Instruction> bigProgram() {
        Random rnd = new Random(42);
        Assembler asm = Asm.assembler();
        TreeMap<Integer, List<String>> labelsAt = new TreeMap<>();
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
                    labelsAt.computeIfAbsent(item + 1 + rnd.nextInt(50), k -> new ArrayList<>()).add(label);
                    asm.jmp(JmpOp.JGT, Register.R1, rnd.nextInt(100), label);
                    slot += 1;
                }
                case 1 -> {
                    asm.add(Asm.call(5)); // bpf_ktime_get_ns
                    slot += 1;
                }
                case 2 -> {
                    asm.add(Asm.ldImm64(Register.R2, rnd.nextLong()));
                    slot += 2;
                }
                default -> {
                    asm.add(Asm.alu64(AluOp.ADD, Register.R0, rnd.nextInt()));
                    slot += 1;
                }
            }
            item++;
        }
        labelsAt.values().forEach(ls -> ls.forEach(asm::label));
        asm.add(Asm.exit());
        return asm.build();
    }
}
