package io.ebpf4j.asm;

import java.util.Objects;

/** A store of a register (class STX, mode MEM): {@code *(size *)(dst + off) = src}. */
public record StoreReg(Size size, Register dst, Register src, short off) implements Instruction {
    public StoreReg {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
    }

    @Override
    public int opcode() {
        return InsnClass.STX.code() | size.code() | Mode.MEM;
    }
}
