package io.ebpf4j.asm;

import java.util.Objects;

/**
 * A call: of a kernel helper (imm = helper id), of a BPF function in the same program
 * (imm = offset relative to the next instruction) or of a kfunc (imm = BTF id, off = fd_array index).
 */
public record Call(CallKind kind, int imm, short off) implements Instruction {
    /** The opcode byte of every call (BPF_JMP | BPF_CALL). */
    public static final int OPCODE = 0x85;

    public Call {
        Objects.requireNonNull(kind, "kind");
    }

    /** A helper call. */
    public static Call helper(int id) {
        return new Call(CallKind.HELPER, id, (short) 0);
    }

    @Override
    public int opcode() {
        return OPCODE;
    }

    /** For a local call at slot {@code index}, the slot of the callee. */
    public long target(int index) {
        return (long) index + imm + 1;
    }
}
