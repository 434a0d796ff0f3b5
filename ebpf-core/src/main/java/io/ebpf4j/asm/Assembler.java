package io.ebpf4j.asm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Builds a program with symbolic labels: jumps, local calls and function references name a label,
 * and {@link #build()} turns them into slot offsets. Not thread-safe; use one per program.
 */
public final class Assembler {
    private record Pending(String label, int slots, IntFunction<Instruction> make) {}

    private final List<Object> items = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private int slot;

    Assembler() {}

    /** Appends instructions. */
    public Assembler add(Instruction... insns) {
        for (Instruction insn : insns) {
            items.add(insn);
            slot += insn.slots();
        }
        return this;
    }

    /** Appends instructions. */
    public Assembler addAll(List<? extends Instruction> insns) {
        insns.forEach(this::add);
        return this;
    }

    /** Marks the next instruction with {@code name}. */
    public Assembler label(String name) {
        if (labels.putIfAbsent(name, slot) != null) {
            throw new IllegalArgumentException("label '" + name + "' is defined twice");
        }
        return this;
    }

    /** {@code goto label}. */
    public Assembler ja(String label) {
        return pending(label, 1, Asm::ja);
    }

    /** {@code if dst op imm goto label} (64-bit compare). */
    public Assembler jmp(JmpOp op, Register dst, int imm, String label) {
        return pending(label, 1, off -> Asm.jmp(op, dst, imm, off));
    }

    /** {@code if dst op src goto label} (64-bit compare). */
    public Assembler jmp(JmpOp op, Register dst, Register src, String label) {
        return pending(label, 1, off -> Asm.jmp(op, dst, src, off));
    }

    /** {@code if wdst op imm goto label} (32-bit compare). */
    public Assembler jmp32(JmpOp op, Register dst, int imm, String label) {
        return pending(label, 1, off -> Asm.jmp32(op, dst, imm, off));
    }

    /** A call of the BPF function at {@code label}. */
    public Assembler call(String label) {
        return pending(label, 1, Asm::callLocal);
    }

    /** {@code dst = &function at label} (a callback for bpf_loop and friends). */
    public Assembler ldFunc(Register dst, String label) {
        return pending(label, 2, off -> new LoadImm64(dst, PseudoSource.FUNC, off, 0));
    }

    private Assembler pending(String label, int slots, IntFunction<Instruction> make) {
        items.add(new Pending(label, slots, make));
        slot += slots;
        return this;
    }

    /**
     * The program, with label offsets resolved.
     *
     * @throws IllegalArgumentException for an undefined label or an offset out of 16-bit range
     */
    public List<Instruction> build() {
        List<Instruction> out = new ArrayList<>(items.size());
        int at = 0;
        for (Object item : items) {
            Instruction insn;
            if (item instanceof Pending p) {
                Integer target = labels.get(p.label());
                if (target == null) {
                    throw new IllegalArgumentException("label '" + p.label() + "' is not defined");
                }
                insn = p.make().apply(target - at - 1);
            } else {
                insn = (Instruction) item;
            }
            out.add(insn);
            at += insn.slots();
        }
        return Collections.unmodifiableList(out);
    }
}
