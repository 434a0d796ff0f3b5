package io.ebpf4j.asm;

import java.util.Objects;

/**
 * An ALU operation (classes ALU and ALU64), including the encodings of newer kernels:
 * signed division and modulo ({@code off == 1} on DIV/MOD, 6.6+), sign-extending moves
 * ({@code off} 8/16/32 on MOV X, 6.6+), unconditional byte swaps (END on ALU64, 6.6+) and the
 * arena address-space cast ({@code off == 1} on ALU64 MOV X, 6.9+).
 *
 * @param wide   true for ALU64 (64-bit), false for ALU (32-bit, {@code wN} registers)
 * @param op     the operation
 * @param source K (immediate) or X (register); for END on ALU: K = to little endian, X = to big endian
 * @param dst    destination register
 * @param src    source register (R0 when unused)
 * @param off    the offset field (0 except for the signed and sign-extending forms)
 * @param imm    the immediate (0 when unused; the width for END)
 */
public record Alu(boolean wide, AluOp op, Source source, Register dst, Register src, short off, int imm)
        implements Instruction {

    /** off value that marks the address-space cast on ALU64 MOV X. */
    public static final short ADDR_SPACE_CAST = 1;

    public Alu {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
    }

    @Override
    public int opcode() {
        return (wide ? InsnClass.ALU64 : InsnClass.ALU).code() | op.code() | source.code();
    }

    /** Signed DIV or MOD (off == 1). */
    public boolean isSigned() {
        return (op == AluOp.DIV || op == AluOp.MOD) && off == 1;
    }

    /** The bits a sign-extending MOV X extends from (8, 16 or 32), or 0 for a plain move. */
    public int movsxBits() {
        return op == AluOp.MOV && source == Source.X && off != ADDR_SPACE_CAST ? off : 0;
    }

    /** The arena address-space cast (ALU64 MOV X with off == 1). */
    public boolean isAddrSpaceCast() {
        return wide && op == AluOp.MOV && source == Source.X && off == ADDR_SPACE_CAST;
    }
}
