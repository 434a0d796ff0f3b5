package io.ebpf4j.asm;

import java.util.Objects;

/**
 * An atomic memory operation (class STX, mode ATOMIC) on {@code *(size *)(dst + off)} with
 * {@code src}: add/or/and/xor (optionally fetching the old value into src), xchg, cmpxchg
 * (compares with and returns into r0), and, on kernel 6.15+, load-acquire / store-release.
 */
public record Atomic(Size size, AtomicOp op, Register dst, Register src, short off) implements Instruction {
    public Atomic {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        if (op.isReadModifyWrite() && size != Size.W && size != Size.DW) {
            throw new IllegalArgumentException("atomic " + op + " exists for widths W and DW only");
        }
    }

    @Override
    public int opcode() {
        return InsnClass.STX.code() | size.code() | Mode.ATOMIC;
    }
}
