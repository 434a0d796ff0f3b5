package io.ebpf4j.validate;

import io.ebpf4j.asm.Alu;
import io.ebpf4j.asm.AluOp;
import io.ebpf4j.asm.Atomic;
import io.ebpf4j.asm.AtomicOp;
import io.ebpf4j.asm.Call;
import io.ebpf4j.asm.CallKind;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Jump;
import io.ebpf4j.asm.Load;
import io.ebpf4j.asm.LoadImm64;
import io.ebpf4j.asm.Malformed;
import io.ebpf4j.asm.PseudoSource;
import io.ebpf4j.asm.Register;
import io.ebpf4j.asm.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * The structural layer: the checks the kernel makes before and besides tracking values
 * ({@code resolve_pseudo_ldimm64}, {@code check_subprogs}, {@code check_cfg} and the reserved-field
 * checks of {@code do_check}), plus helper ids unknown to the catalog.
 */
final class StructureChecker {
    /** BPF_COMPLEXITY_LIMIT_INSNS: the most instructions a privileged loader may pass. */
    static final int MAX_INSNS = 1_000_000;
    private static final int JA = 0x05;
    private static final int JA32 = 0x06;
    private static final int EXIT = 0x95;

    private StructureChecker() {}

    static List<Finding> check(ProgramView view) {
        List<Finding> out = new ArrayList<>();
        List<Instruction> insns = view.insns();
        if (insns.isEmpty()) {
            out.add(view.program(StructuralRule.EMPTY_PROGRAM.id(), Severity.ERROR, "the program has no instructions"));
            return out;
        }
        int slots = view.slotCount();
        if (slots > MAX_INSNS) {
            out.add(view.program(StructuralRule.TOO_MANY_INSTRUCTIONS.id(), Severity.ERROR,
                    "the program has " + slots + " instructions; the kernel takes at most " + MAX_INSNS
                            + " (BPF_COMPLEXITY_LIMIT_INSNS; 4096 without CAP_BPF)"));
        }
        // index[slot] = list position of the instruction starting there, or -1 for an ld_imm64 second half
        int[] index = new int[slots];
        for (int i = 0; i < insns.size(); i++) {
            int s = view.slotOf(i);
            index[s] = i;
            if (insns.get(i).slots() == 2) {
                index[s + 1] = -1;
            }
        }
        boolean[] entry = new boolean[slots];
        entry[0] = true;
        for (int root : roots(view, index)) {
            entry[root] = true;
        }
        for (int i = 0; i < insns.size(); i++) {
            checkOne(view, i, index, entry, out);
        }
        checkFunctions(view, index, entry, out);
        checkReachable(view, index, out);
        return out;
    }

    private static void checkOne(ProgramView view, int i, int[] index, boolean[] entry, List<Finding> out) {
        Instruction insn = view.insns().get(i);
        int slot = view.slotOf(i);
        switch (insn) {
            case Malformed m -> {
                if (!secondHalfOfBrokenLdImm64(view, i)) {
                    out.add(view.at(i, malformedRule(m.problem()).id(),
                            m.problem() == Malformed.Problem.IGNORED_FIELD ? Severity.WARNING : Severity.ERROR, m.detail()));
                }
            }
            case Alu a -> {
                fpWrite(view, i, a.dst(), out);
                if ((a.op() == AluOp.DIV || a.op() == AluOp.MOD) && a.source() == Source.K && a.imm() == 0) {
                    out.add(view.at(i, StructuralRule.DIVISION_BY_ZERO.id(), Severity.ERROR, "division by immediate zero"));
                }
                int width = a.wide() ? 64 : 32;
                if (a.op().isShift() && a.source() == Source.K && (a.imm() < 0 || a.imm() >= width)) {
                    out.add(view.at(i, StructuralRule.SHIFT_OUT_OF_RANGE.id(), Severity.ERROR,
                            "invalid shift " + a.imm() + ": a " + width + "-bit shift count must be 0.." + (width - 1)));
                }
            }
            case Load l -> fpWrite(view, i, l.dst(), out);
            case LoadImm64 l -> {
                fpWrite(view, i, l.dst(), out);
                if (l.pseudo() == PseudoSource.FUNC) {
                    target(view, i, (long) slot + l.imm() + 1, index, StructuralRule.BAD_CALL_TARGET, "function reference", out)
                            .ifPresent(t -> entry[t] = true);
                }
            }
            case Atomic a -> {
                if (a.op().fetches()) {
                    fpWrite(view, i, a.src(), out);
                } else if (a.op() == AtomicOp.LOAD_ACQ) {
                    fpWrite(view, i, a.dst(), out);
                }
            }
            case Jump j -> target(view, i, j.target(slot), index, StructuralRule.JUMP_OUT_OF_RANGE, "jump", out);
            case Call c -> {
                if (c.kind() == CallKind.HELPER && !view.catalog().knows(c.imm())) {
                    out.add(view.at(i, StructuralRule.UNKNOWN_HELPER.id(),
                            view.catalog().authoritative() ? Severity.ERROR : Severity.WARNING,
                            "helper id " + c.imm() + (view.catalog().authoritative() ? " is unknown to this kernel"
                                    : " is not in the helper catalog")));
                } else if (c.kind() == CallKind.LOCAL) {
                    target(view, i, c.target(slot), index, StructuralRule.BAD_CALL_TARGET, "call", out)
                            .ifPresent(t -> entry[t] = true);
                }
            }
            default -> {
                // Store, StoreReg, PacketLoad, Exit: nothing structural beyond decoding
            }
        }
    }

    /** The second slot of an ld_imm64 already reported as broken: one finding is enough. */
    private static boolean secondHalfOfBrokenLdImm64(ProgramView view, int i) {
        return i > 0 && view.insns().get(i).opcode() == 0
                && view.insns().get(i - 1) instanceof Malformed prev && prev.problem() == Malformed.Problem.BAD_LD_IMM64
                && prev.opcode() == LoadImm64.OPCODE;
    }

    private static StructuralRule malformedRule(Malformed.Problem p) {
        return switch (p) {
            case UNKNOWN_OPCODE -> StructuralRule.UNKNOWN_OPCODE;
            case BAD_REGISTER -> StructuralRule.BAD_REGISTER;
            case RESERVED_FIELD -> StructuralRule.RESERVED_FIELD;
            case BAD_LD_IMM64 -> StructuralRule.BAD_LD_IMM64;
            case BAD_ATOMIC -> StructuralRule.BAD_ATOMIC;
            case IGNORED_FIELD -> StructuralRule.IGNORED_FIELD;
        };
    }

    private static void fpWrite(ProgramView view, int i, Register written, List<Finding> out) {
        if (written == Register.R10) {
            out.add(view.at(i, StructuralRule.FRAME_POINTER_WRITE.id(), Severity.ERROR, "frame pointer r10 is read only"));
        }
    }

    /** Checks a control transfer target; returns the target slot when it is a valid instruction start. */
    private static java.util.Optional<Integer> target(ProgramView view, int i, long target, int[] index,
            StructuralRule outOfRange, String what, List<Finding> out) {
        int slot = view.slotOf(i);
        if (target < 0 || target >= index.length) {
            out.add(view.at(i, outOfRange.id(), Severity.ERROR,
                    what + " out of range from insn " + slot + " to " + target + " (the program has " + index.length + ")"));
            return java.util.Optional.empty();
        }
        if (index[(int) target] < 0) {
            out.add(view.at(i, outOfRange == StructuralRule.JUMP_OUT_OF_RANGE ? StructuralRule.JUMP_INTO_LD_IMM64.id()
                    : outOfRange.id(), Severity.ERROR, what + " from insn " + slot + " into the middle of the ld_imm64 at insn "
                    + (target - 1)));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of((int) target);
    }

    /** Per function (the main program and every call target): ends with exit or goto, jumps stay inside. */
    private static void checkFunctions(ProgramView view, int[] index, boolean[] entry, List<Finding> out) {
        List<Instruction> insns = view.insns();
        int start = 0;
        for (int s = 1; s <= index.length; s++) {
            if (s < index.length && !entry[s]) {
                continue;
            }
            // function [start, s)
            int lastSlot = s - 1;
            int last = index[lastSlot];
            int op = last < 0 ? -1 : insns.get(last).opcode();
            if (op != EXIT && op != JA && op != JA32) {
                int at = last < 0 ? index[lastSlot - 1] : last;
                out.add(view.at(at, StructuralRule.FALLS_OFF_END.id(), Severity.ERROR,
                        "last insn of the function starting at insn " + start + " is not an exit or jmp"));
            }
            for (int k = start; k < s; k++) {
                if (index[k] >= 0 && insns.get(index[k]) instanceof Jump j) {
                    long t = j.target(k);
                    if (t >= 0 && t < index.length && (t < start || t >= s)) {
                        out.add(view.at(index[k], StructuralRule.JUMP_OUT_OF_FUNCTION.id(), Severity.ERROR,
                                "jump from insn " + k + " to " + t + " leaves the function [" + start + ", " + s + ")"));
                    }
                }
            }
            start = s;
        }
    }

    /** The extra roots of the program that are instruction starts (others are ignored). */
    private static List<Integer> roots(ProgramView view, int[] index) {
        return view.input().roots().stream().filter(r -> r > 0 && r < index.length && index[r] >= 0).sorted().toList();
    }

    /** Instructions no path from insn 0 (or an extra root) reaches (the kernel's check_cfg refuses them). */
    private static void checkReachable(ProgramView view, int[] index, List<Finding> out) {
        List<Instruction> insns = view.insns();
        boolean[] seen = new boolean[index.length];
        int[] stack = new int[index.length + 1];
        int sp = 0;
        stack[sp++] = 0;
        seen[0] = true;
        for (int root : roots(view, index)) {
            if (!seen[root]) {
                seen[root] = true;
                stack[sp++] = root;
            }
        }
        while (sp > 0) {
            int s = stack[--sp];
            Instruction insn = insns.get(index[s]);
            long next = (long) s + insn.slots();
            long a = -1;
            long b = -1;
            switch (insn) {
                case Jump j -> {
                    a = j.target(s);
                    b = j.fallsThrough() ? next : -1;
                }
                case Call c -> {
                    a = next;
                    b = c.kind() == CallKind.LOCAL ? c.target(s) : -1;
                }
                case LoadImm64 l -> {
                    a = next;
                    b = l.pseudo() == PseudoSource.FUNC ? (long) s + l.imm() + 1 : -1;
                }
                case io.ebpf4j.asm.Exit e -> { }
                case Malformed m when m.opcode() == EXIT && m.problem() == Malformed.Problem.IGNORED_FIELD -> { }
                default -> a = next;
            }
            for (long t : new long[] {a, b}) {
                if (t >= 0 && t < index.length && index[(int) t] >= 0 && !seen[(int) t]) {
                    seen[(int) t] = true;
                    stack[sp++] = (int) t;
                }
            }
        }
        boolean inRun = false;
        for (int s = 0; s < index.length; s++) {
            if (index[s] < 0) {
                continue;
            }
            if (!seen[s] && !inRun) {
                out.add(view.at(index[s], StructuralRule.UNREACHABLE.id(), Severity.ERROR, "unreachable insn " + s));
            }
            inRun = !seen[s];
        }
    }
}
