package io.ebpf4j.asm;

/** Return from the current function with r0. */
public record Exit() implements Instruction {
    /** The opcode byte (BPF_JMP | BPF_EXIT). */
    public static final int OPCODE = 0x95;

    @Override
    public int opcode() {
        return OPCODE;
    }
}
