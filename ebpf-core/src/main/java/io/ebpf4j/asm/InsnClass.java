package io.ebpf4j.asm;

/** The instruction class: the low three bits of the opcode. */
public enum InsnClass {
    LD(0x00), LDX(0x01), ST(0x02), STX(0x03), ALU(0x04), JMP(0x05), JMP32(0x06), ALU64(0x07);

    private static final InsnClass[] ALL = values();
    private final int code;

    InsnClass(int code) {
        this.code = code;
    }

    /** The class bits. */
    public int code() {
        return code;
    }

    /** The class of an opcode byte. */
    public static InsnClass of(int opcode) {
        return ALL[opcode & 0x07];
    }
}
