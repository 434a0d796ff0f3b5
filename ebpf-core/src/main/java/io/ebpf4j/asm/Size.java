package io.ebpf4j.asm;

/** Memory access width of load and store instructions (opcode bits 3-4). */
public enum Size {
    /** 32 bits. */
    W(0x00, 4),
    /** 16 bits. */
    H(0x08, 2),
    /** 8 bits. */
    B(0x10, 1),
    /** 64 bits. */
    DW(0x18, 8);

    private final int code;
    private final int bytes;

    Size(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The size bits. */
    public int code() {
        return code;
    }

    /** Width in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Width in bits. */
    public int bits() {
        return bytes * 8;
    }

    /** The size encoded in an opcode byte. */
    public static Size of(int opcode) {
        return switch (opcode & 0x18) {
            case 0x00 -> W;
            case 0x08 -> H;
            case 0x10 -> B;
            default -> DW;
        };
    }
}
