package io.ebpf4j.asm;

import java.util.Objects;

/**
 * A jump: unconditional {@code goto} (JA), conditional jumps and {@code may_goto} (JCOND).
 * Calls and exits are {@link Call} and {@link Exit}.
 *
 * <p>The target is relative to the next instruction, in 8-byte slots: {@code off} for JMP,
 * and for JMP32 JA ({@code gotol}, kernel 6.6+) the 32-bit {@code imm}.
 *
 * @param jmp32  class JMP32 (32-bit comparisons; for JA the long-range {@code gotol})
 * @param op     JA, JCOND or a conditional jump
 * @param source K (compare with imm) or X (compare with src)
 * @param dst    the left operand (R0 for JA/JCOND)
 * @param src    the right operand when source is X (R0 otherwise)
 * @param off    the offset
 * @param imm    the immediate operand, or the offset of {@code gotol}
 */
public record Jump(boolean jmp32, JmpOp op, Source source, Register dst, Register src, short off, int imm)
        implements Instruction {

    public Jump {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        if (op == JmpOp.CALL || op == JmpOp.EXIT) {
            throw new IllegalArgumentException("calls and exits are Call and Exit records, not Jump");
        }
    }

    @Override
    public int opcode() {
        return (jmp32 ? InsnClass.JMP32 : InsnClass.JMP).code() | op.code() | source.code();
    }

    /** The jump distance in slots, relative to the next instruction. */
    public int offset() {
        return jmp32 && op == JmpOp.JA ? imm : off;
    }

    /** The slot index jumped to, for an instruction at slot {@code index}. */
    public long target(int index) {
        return (long) index + offset() + 1;
    }

    /** Whether execution can also continue with the next instruction (everything but JA). */
    public boolean fallsThrough() {
        return op != JmpOp.JA;
    }
}
