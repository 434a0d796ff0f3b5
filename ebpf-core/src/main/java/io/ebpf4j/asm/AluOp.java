package io.ebpf4j.asm;

import java.util.Optional;

/** ALU operations (opcode bits 4-7 of classes ALU and ALU64). */
public enum AluOp {
    ADD(0x00, "+="), SUB(0x10, "-="), MUL(0x20, "*="), DIV(0x30, "/="), OR(0x40, "|="), AND(0x50, "&="),
    LSH(0x60, "<<="), RSH(0x70, ">>="), NEG(0x80, null), MOD(0x90, "%="), XOR(0xa0, "^="), MOV(0xb0, "="),
    ARSH(0xc0, "s>>="),
    /** Byte swap: BPF_END (to_le/to_be on class ALU, unconditional bswap on ALU64). */
    END(0xd0, null);

    private static final AluOp[] ALL = values();
    private final int code;
    private final String symbol;

    AluOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    /** The operation bits. */
    public int code() {
        return code;
    }

    /** The compound assignment operator the disassembler prints, null for NEG and END. */
    String symbol() {
        return symbol;
    }

    /** Whether this is a shift (immediate shift counts must be below the operand width). */
    public boolean isShift() {
        return this == LSH || this == RSH || this == ARSH;
    }

    /** The operation with these bits, if defined. */
    public static Optional<AluOp> of(int opcode) {
        return Codes.find(ALL, AluOp::code, opcode & 0xf0);
    }
}
