package io.ebpf4j.asm;

import java.util.Objects;

/**
 * The legacy packet loads carried over from classic BPF (class LD, modes ABS and IND):
 * {@code r0 = ntoh(*(size *)(skb->data + imm))} or {@code ... + src + imm}. Socket filter and tc
 * programs only.
 *
 * @param indirect true for LD_IND (offset src + imm), false for LD_ABS (offset imm)
 */
public record PacketLoad(boolean indirect, Size size, Register src, int imm) implements Instruction {
    public PacketLoad {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(src, "src");
        if (size == Size.DW) {
            throw new IllegalArgumentException("packet loads exist for widths B, H and W only");
        }
        if (!indirect && src != Register.R0) {
            throw new IllegalArgumentException("LD_ABS has no source register");
        }
    }

    @Override
    public int opcode() {
        return InsnClass.LD.code() | size.code() | (indirect ? Mode.IND : Mode.ABS);
    }
}
