package io.ebpf4j.asm;

/** Operand source of ALU and jump instructions (opcode bit 3). */
public enum Source {
    /** The 32-bit immediate. For BPF_END on class ALU this also means "to little endian". */
    K(0x00),
    /** The source register. For BPF_END on class ALU this means "to big endian". */
    X(0x08);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    /** The source bit. */
    public int code() {
        return code;
    }

    /** The source of an opcode byte. */
    public static Source of(int opcode) {
        return (opcode & 0x08) == 0 ? K : X;
    }
}
