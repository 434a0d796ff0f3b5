package io.ebpf4j.asm;

import io.ebpf4j.asm.Malformed.Problem;
import java.util.Optional;

/**
 * Decodes one slot (two for ld_imm64) into a record, applying the kernel verifier's shape rules:
 * the opcode table of {@code bpf_opcode_in_insntable} and the "uses reserved fields" checks of
 * {@code do_check}. Anything that fails them becomes {@link Malformed}.
 */
final class Decoder {
    private Decoder() {}

    static Instruction decode(long w, long next, boolean hasNext) {
        int opcode = (int) (w & 0xff);
        return switch (InsnClass.of(opcode)) {
            case ALU, ALU64 -> alu(w, opcode);
            case JMP, JMP32 -> jmp(w, opcode);
            case LD -> ld(w, opcode, next, hasNext);
            case LDX -> ldx(w, opcode);
            case ST -> st(w, opcode);
            case STX -> stx(w, opcode);
        };
    }

    private static int dst(long w) {
        return (int) (w >>> 8) & 0x0f;
    }

    private static int src(long w) {
        return (int) (w >>> 12) & 0x0f;
    }

    private static short off(long w) {
        return (short) (w >>> 16);
    }

    private static int imm(long w) {
        return (int) (w >>> 32);
    }

    private static Malformed bad(long w, Problem p, String detail) {
        return new Malformed(w, p, detail);
    }

    private static Malformed unknown(long w, int opcode) {
        return bad(w, Problem.UNKNOWN_OPCODE, String.format("unknown opcode 0x%02x", opcode));
    }

    private static Malformed reserved(long w, String what) {
        return bad(w, Problem.RESERVED_FIELD, what + " uses reserved fields");
    }

    /**
     * The register check (dst, and src when {@code srcUsed}, must be r0-r10), then the record.
     * {@code make} gets the decoded registers.
     */
    private static Instruction withRegs(long w, boolean dstUsed, boolean srcUsed,
            java.util.function.BiFunction<Register, Register, Instruction> make) {
        if (dstUsed && dst(w) > 10) {
            return bad(w, Problem.BAD_REGISTER, "R" + dst(w) + " is invalid (dst)");
        }
        if (srcUsed && src(w) > 10) {
            return bad(w, Problem.BAD_REGISTER, "R" + src(w) + " is invalid (src)");
        }
        return make.apply(dstUsed ? Register.require(dst(w)) : Register.R0, srcUsed ? Register.require(src(w)) : Register.R0);
    }

    private static Instruction alu(long w, int opcode) {
        boolean wide = InsnClass.of(opcode) == InsnClass.ALU64;
        Optional<AluOp> maybe = AluOp.of(opcode);
        if (maybe.isEmpty()) {
            return unknown(w, opcode);
        }
        AluOp op = maybe.get();
        Source source = Source.of(opcode);
        int src = src(w);
        short off = off(w);
        int imm = imm(w);
        switch (op) {
            case NEG -> {
                if (source == Source.X) {
                    return unknown(w, opcode);
                }
                if (src != 0 || off != 0 || imm != 0) {
                    return reserved(w, "BPF_NEG");
                }
            }
            case END -> {
                if (wide && source == Source.X) {
                    return unknown(w, opcode);
                }
                if (src != 0 || off != 0 || (imm != 16 && imm != 32 && imm != 64)) {
                    return reserved(w, "BPF_END");
                }
            }
            case MOV -> {
                if (source == Source.X) {
                    boolean ok;
                    if (wide && off == Alu.ADDR_SPACE_CAST) {
                        ok = imm == 1 || imm == 1 << 16;
                    } else {
                        ok = (off == 0 || off == 8 || off == 16 || (wide && off == 32)) && imm == 0;
                    }
                    if (!ok) {
                        return reserved(w, "BPF_MOV");
                    }
                } else if (src != 0 || off != 0) {
                    return reserved(w, "BPF_MOV");
                }
            }
            default -> {
                boolean offOk = off == 0 || (off == 1 && (op == AluOp.DIV || op == AluOp.MOD));
                if (!offOk || (source == Source.X ? imm != 0 : src != 0)) {
                    return reserved(w, "BPF_ALU");
                }
            }
        }
        return withRegs(w, true, source == Source.X && op != AluOp.END, (d, s) -> new Alu(wide, op, source, d, s, off, imm));
    }

    private static Instruction jmp(long w, int opcode) {
        boolean jmp32 = InsnClass.of(opcode) == InsnClass.JMP32;
        Optional<JmpOp> maybe = JmpOp.of(opcode);
        if (maybe.isEmpty()) {
            return unknown(w, opcode);
        }
        JmpOp op = maybe.get();
        Source source = Source.of(opcode);
        int dst = dst(w);
        int src = src(w);
        short off = off(w);
        int imm = imm(w);
        switch (op) {
            case CALL -> {
                if (jmp32 || source == Source.X) {
                    return unknown(w, opcode);
                }
                Optional<CallKind> kind = CallKind.of(src);
                if (dst != 0 || kind.isEmpty() || (kind.get() != CallKind.KFUNC && off != 0)) {
                    return reserved(w, "BPF_CALL");
                }
                return new Call(kind.get(), imm, off);
            }
            case EXIT -> {
                if (jmp32 || source == Source.X) {
                    return unknown(w, opcode);
                }
                if (dst != 0 || src != 0 || imm != 0) {
                    return reserved(w, "BPF_EXIT");
                }
                if (off != 0) {
                    return bad(w, Problem.IGNORED_FIELD, "BPF_EXIT has offset " + off + " set; the kernel ignores it");
                }
                return new Exit();
            }
            case JA -> {
                if (source == Source.X) {
                    return unknown(w, opcode);
                }
                if (src != 0 || dst != 0 || (!jmp32 && imm != 0) || (jmp32 && off != 0)) {
                    return reserved(w, "BPF_JA");
                }
                return new Jump(jmp32, op, source, Register.R0, Register.R0, off, imm);
            }
            case JCOND -> {
                if (jmp32 || source == Source.X) {
                    return unknown(w, opcode);
                }
                if (src != 0 || dst != 0 || imm != 0) {
                    return reserved(w, "may_goto");
                }
                return new Jump(false, op, source, Register.R0, Register.R0, off, imm);
            }
            default -> {
                if (source == Source.X ? imm != 0 : src != 0) {
                    return reserved(w, "BPF_JMP/JMP32");
                }
                return withRegs(w, true, source == Source.X, (d, s) -> new Jump(jmp32, op, source, d, s, off, imm));
            }
        }
    }

    private static Instruction ld(long w, int opcode, long next, boolean hasNext) {
        int mode = Mode.of(opcode);
        Size size = Size.of(opcode);
        if (mode == Mode.IMM) {
            if (size != Size.DW) {
                return unknown(w, opcode);
            }
            if (!hasNext || (next & 0xffff_ffffL) != 0) {
                return bad(w, Problem.BAD_LD_IMM64, hasNext
                        ? "invalid bpf_ld_imm64 insn: the second slot must be zero except for its immediate"
                        : "invalid bpf_ld_imm64 insn: the second slot is missing");
            }
            if (off(w) != 0) {
                return reserved(w, "BPF_LD_IMM64");
            }
            Optional<PseudoSource> pseudo = PseudoSource.of(src(w));
            if (pseudo.isEmpty()) {
                return bad(w, Problem.BAD_LD_IMM64, "unrecognized bpf_ld_imm64 insn: pseudo source " + src(w));
            }
            if ((pseudo.get() == PseudoSource.MAP_FD || pseudo.get() == PseudoSource.MAP_IDX) && imm(next) != 0) {
                return bad(w, Problem.BAD_LD_IMM64, "unrecognized bpf_ld_imm64 insn: " + pseudo.get()
                        + " with a second immediate");
            }
            return withRegs(w, true, false, (d, s) -> new LoadImm64(d, pseudo.get(), imm(w), imm(next)));
        }
        if (mode == Mode.ABS || mode == Mode.IND) {
            if (size == Size.DW) {
                return unknown(w, opcode);
            }
            boolean indirect = mode == Mode.IND;
            if (dst(w) != 0 || off(w) != 0 || (!indirect && src(w) != 0)) {
                return reserved(w, "BPF_LD_[ABS|IND]");
            }
            return withRegs(w, false, indirect, (d, s) -> new PacketLoad(indirect, size, s, imm(w)));
        }
        return unknown(w, opcode);
    }

    private static Instruction ldx(long w, int opcode) {
        int mode = Mode.of(opcode);
        Size size = Size.of(opcode);
        if (mode != Mode.MEM && !(mode == Mode.MEMSX && size != Size.DW)) {
            return unknown(w, opcode);
        }
        if (imm(w) != 0) {
            return reserved(w, "BPF_LDX");
        }
        return withRegs(w, true, true, (d, s) -> new Load(size, mode == Mode.MEMSX, d, s, off(w)));
    }

    private static Instruction st(long w, int opcode) {
        if (Mode.of(opcode) != Mode.MEM) {
            return unknown(w, opcode);
        }
        if (src(w) != 0) {
            return reserved(w, "BPF_ST");
        }
        return withRegs(w, true, false, (d, s) -> new Store(Size.of(opcode), d, off(w), imm(w)));
    }

    private static Instruction stx(long w, int opcode) {
        int mode = Mode.of(opcode);
        Size size = Size.of(opcode);
        if (mode == Mode.MEM) {
            if (imm(w) != 0) {
                return reserved(w, "BPF_STX");
            }
            return withRegs(w, true, true, (d, s) -> new StoreReg(size, d, s, off(w)));
        }
        if (mode != Mode.ATOMIC) {
            return unknown(w, opcode);
        }
        Optional<AtomicOp> op = AtomicOp.of(imm(w));
        if (op.isEmpty()) {
            return bad(w, Problem.BAD_ATOMIC, String.format("BPF_ATOMIC uses invalid atomic opcode 0x%02x", imm(w)));
        }
        if (op.get().isReadModifyWrite() && size != Size.W && size != Size.DW) {
            return bad(w, Problem.BAD_ATOMIC, "invalid atomic operand size " + size.bytes() + " for " + op.get());
        }
        return withRegs(w, true, true, (d, s) -> new Atomic(size, op.get(), d, s, off(w)));
    }
}
