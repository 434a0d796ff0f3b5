package io.ebpf4j.validate;

import static io.ebpf4j.asm.Register.R1;
import static io.ebpf4j.asm.Register.R10;
import static io.ebpf4j.asm.Register.R6;

import io.ebpf4j.asm.AluOp;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.asm.JmpOp;
import io.ebpf4j.asm.Malformed;
import io.ebpf4j.asm.Register;
import io.ebpf4j.asm.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random socket filters for differential testing. The unmutated program is valid and every path is
 * live: each conditional jump tests a fresh load of skb->len, so the verifier can decide no branch.
 * Programs call helpers without arguments and a one-instruction BPF subprogram.
 * One mutation (a field of one slot, a whole random slot, a dropped exit) may then break it; with
 * one mutation and all code live, the verifier visits the broken instruction like the validator does.
 */
final class RandomPrograms {
    private static final Register[] BODY = {Register.R0, Register.R2, Register.R3, Register.R4, Register.R5,
        Register.R7, Register.R8, Register.R9};
    private static final AluOp[] OPS = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.OR, AluOp.AND, AluOp.LSH,
        AluOp.RSH, AluOp.MOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH};
    private static final JmpOp[] JUMPS = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JGE, JmpOp.JLT, JmpOp.JLE, JmpOp.JSET,
        JmpOp.JSGT, JmpOp.JSGE, JmpOp.JSLT, JmpOp.JSLE};
    /** bpf_ktime_get_ns, bpf_get_prandom_u32, bpf_get_smp_processor_id: no arguments, any program type. */
    private static final int[] HELPERS = {5, 7, 8};
    private static final int[] INTERESTING = {0, 1, -1, 8, 16, 32, 63, 64, 0x01, 0x41, 0xe1, 0xf1, 0x100, 1 << 16, 5, -8};

    private RandomPrograms() {}

    /** A generated case: the slots and what was done to them. */
    record Case(long[] words, String mutation) {}

    static Case generate(long seed) {
        Random rnd = new Random(seed);
        List<Instruction> insns = new ArrayList<>();
        insns.add(Asm.mov64(R6, R1));
        for (Register r : BODY) {
            insns.add(Asm.mov64(r, rnd.nextInt(1000) - 500));
        }
        insns.add(Asm.st(Size.DW, R10, -8, 0));
        insns.add(Asm.ldxW(R1, R6, 0));
        int body = 1 + rnd.nextInt(20);
        List<Object> plan = new ArrayList<>();
        for (int i = 0; i < body; i++) {
            int pick = rnd.nextInt(12);
            plan.add(pick < 2 ? "jump" : pick == 2 ? "helper" : pick == 3 ? "local" : randomInsn(rnd));
        }
        // lay out the body: a jump is two slots (fresh load + branch) and targets a later plan item or
        // the final exit; a call is followed by re-initialising r1-r5 (calls clobber them)
        int[] slotOfItem = new int[plan.size() + 1];
        int s = insns.size();
        for (int i = 0; i < plan.size(); i++) {
            slotOfItem[i] = s;
            s += plan.get(i) instanceof Instruction insn ? insn.slots() : "jump".equals(plan.get(i)) ? 2 : 6;
        }
        slotOfItem[plan.size()] = s;
        int subprog = s + 1; // after the main program's exit
        for (int i = 0; i < plan.size(); i++) {
            Object item = plan.get(i);
            if (item instanceof Instruction insn) {
                insns.add(insn);
            } else if ("jump".equals(item)) {
                int target = slotOfItem[i + 1 + rnd.nextInt(plan.size() - i)];
                int branchSlot = slotOfItem[i] + 1;
                insns.add(Asm.ldxW(R1, R6, 0));
                insns.add(Asm.jmp(JUMPS[rnd.nextInt(JUMPS.length)], R1, 1 + rnd.nextInt(1000), target - branchSlot - 1));
            } else {
                insns.add("helper".equals(item) ? Asm.call(HELPERS[rnd.nextInt(HELPERS.length)])
                        : Asm.callLocal(subprog - slotOfItem[i] - 1));
                insns.add(Asm.ldxW(R1, R6, 0));
                for (Register r : new Register[] {Register.R2, Register.R3, Register.R4, Register.R5}) {
                    insns.add(Asm.mov64(r, rnd.nextInt(100)));
                }
            }
        }
        insns.add(Asm.exit());
        if (plan.contains("local")) {
            insns.add(Asm.mov64(Register.R0, rnd.nextInt(100))); // the subprogram
            insns.add(Asm.exit());
        }
        long[] words = Instructions.words(insns);
        return mutate(rnd, words);
    }

    private static Instruction randomInsn(Random rnd) {
        Register d = BODY[rnd.nextInt(BODY.length)];
        Register src = BODY[rnd.nextInt(BODY.length)];
        boolean wide = rnd.nextBoolean();
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> {
                AluOp op = OPS[rnd.nextInt(OPS.length)];
                int imm = op.isShift() ? rnd.nextInt(wide ? 64 : 32)
                        : op == AluOp.DIV || op == AluOp.MOD ? 1 + rnd.nextInt(100) : rnd.nextInt(2000) - 1000;
                yield wide ? Asm.alu64(op, d, imm) : Asm.alu32(op, d, imm);
            }
            case 2, 3 -> {
                AluOp op = OPS[rnd.nextInt(OPS.length)];
                yield wide ? Asm.alu64(op, d, src) : Asm.alu32(op, d, src);
            }
            case 4 -> switch (rnd.nextInt(5)) {
                case 0 -> Asm.neg64(d);
                case 1 -> Asm.bswap(d, new int[] {16, 32, 64}[rnd.nextInt(3)]);
                case 2 -> Asm.movsx64(d, src, new int[] {8, 16, 32}[rnd.nextInt(3)]);
                case 3 -> Asm.sdiv64(d, src);
                default -> Asm.toBe(d, new int[] {16, 32, 64}[rnd.nextInt(3)]);
            };
            case 5 -> Asm.stxDW(R10, d, -8);
            case 6 -> Asm.ldxDW(d, R10, -8);
            default -> Asm.ldImm64(d, rnd.nextLong());
        };
    }

    private static Case mutate(Random rnd, long[] words) {
        int kind = rnd.nextInt(10);
        if (kind < 2) {
            return new Case(words, "none");
        }
        int at = rnd.nextInt(words.length);
        long w = words[at];
        int opcode = (int) (w & 0xff);
        int dst = (int) (w >>> 8) & 0xf;
        int src = (int) (w >>> 12) & 0xf;
        int off = (short) (w >>> 16);
        int imm = (int) (w >>> 32);
        String what;
        switch (kind) {
            case 2 -> {
                opcode = rnd.nextInt(256);
                what = "opcode";
            }
            case 3 -> {
                dst = rnd.nextInt(16);
                what = "dst";
            }
            case 4 -> {
                src = rnd.nextInt(16);
                what = "src";
            }
            case 5 -> {
                off = rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : rnd.nextInt(65536) - 32768;
                what = "off";
            }
            case 6 -> {
                imm = rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : rnd.nextInt();
                what = "imm";
            }
            case 7 -> {
                long[] shorter = java.util.Arrays.copyOf(words, words.length - 1);
                return new Case(shorter, "dropped the final exit");
            }
            default -> {
                opcode = rnd.nextInt(256);
                dst = rnd.nextInt(16);
                src = rnd.nextInt(16);
                off = INTERESTING[rnd.nextInt(INTERESTING.length)];
                imm = INTERESTING[rnd.nextInt(INTERESTING.length)];
                what = "whole slot";
            }
        }
        long[] out = words.clone();
        out[at] = Malformed.word(opcode, dst, src, off, imm);
        return new Case(out, what + " of slot " + at + String.format(" (0x%016x -> 0x%016x)", w, out[at]));
    }
}
