package io.ebpf4j.asm;

/** Addressing mode bits (opcode bits 5-7) of the load and store classes. */
final class Mode {
    static final int IMM = 0x00;
    static final int ABS = 0x20;
    static final int IND = 0x40;
    static final int MEM = 0x60;
    static final int MEMSX = 0x80;
    static final int ATOMIC = 0xc0;

    private Mode() {}

    static int of(int opcode) {
        return opcode & 0xe0;
    }
}
