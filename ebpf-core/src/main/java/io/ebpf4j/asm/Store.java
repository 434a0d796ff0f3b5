package io.ebpf4j.asm;

import java.util.Objects;

/** A store of an immediate (class ST): {@code *(size *)(dst + off) = imm}. */
public record Store(Size size, Register dst, short off, int imm) implements Instruction {
    public Store {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(dst, "dst");
    }

    @Override
    public int opcode() {
        return InsnClass.ST.code() | size.code() | Mode.MEM;
    }
}
