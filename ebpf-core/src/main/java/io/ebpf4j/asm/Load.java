package io.ebpf4j.asm;

import java.util.Objects;

/**
 * A memory load (class LDX): {@code dst = *(size *)(src + off)}, zero-extending, or sign-extending
 * ({@code BPF_MEMSX}, kernel 6.6+, widths B/H/W).
 */
public record Load(Size size, boolean signExtend, Register dst, Register src, short off) implements Instruction {
    public Load {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        if (signExtend && size == Size.DW) {
            throw new IllegalArgumentException("sign-extending loads exist for widths B, H and W only");
        }
    }

    @Override
    public int opcode() {
        return InsnClass.LDX.code() | size.code() | (signExtend ? Mode.MEMSX : Mode.MEM);
    }
}
