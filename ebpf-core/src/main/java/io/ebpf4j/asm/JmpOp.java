package io.ebpf4j.asm;

import java.util.Optional;

/** Jump operations (opcode bits 4-7 of classes JMP and JMP32). CALL and EXIT have their own records. */
public enum JmpOp {
    JA(0x00, null), JEQ(0x10, "=="), JGT(0x20, ">"), JGE(0x30, ">="), JSET(0x40, "&"), JNE(0x50, "!="),
    JSGT(0x60, "s>"), JSGE(0x70, "s>="), CALL(0x80, null), EXIT(0x90, null), JLT(0xa0, "<"), JLE(0xb0, "<="),
    JSLT(0xc0, "s<"), JSLE(0xd0, "s<="),
    /** BPF_JCOND: {@code may_goto} (kernel 6.9+). */
    JCOND(0xe0, null);

    private static final JmpOp[] ALL = values();
    private final int code;
    private final String symbol;

    JmpOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    /** The operation bits. */
    public int code() {
        return code;
    }

    /** The comparison operator the disassembler prints; null for JA, CALL, EXIT and JCOND. */
    String symbol() {
        return symbol;
    }

    /** Whether this compares two operands and branches. */
    public boolean isConditional() {
        return symbol != null;
    }

    /** The operation with these bits, if defined. */
    public static Optional<JmpOp> of(int opcode) {
        return Codes.find(ALL, JmpOp::code, opcode & 0xf0);
    }
}
