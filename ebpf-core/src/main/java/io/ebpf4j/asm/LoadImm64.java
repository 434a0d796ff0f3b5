package io.ebpf4j.asm;

import java.util.Objects;

/**
 * The 16-byte 64-bit immediate load ({@code ld_imm64}, opcode 0x18), whose meaning depends on its
 * {@link PseudoSource}: a constant, a map fd or index, a map value address, a kernel variable's
 * BTF id or a BPF function.
 *
 * @param dst     destination register
 * @param pseudo  what the value is
 * @param imm     low 32 bits (for the pseudo forms: fd, index, BTF id or function offset)
 * @param nextImm high 32 bits (for the *_VALUE forms: the offset into the map value; 0 for MAP_FD and MAP_IDX)
 */
public record LoadImm64(Register dst, PseudoSource pseudo, int imm, int nextImm) implements Instruction {
    /** The opcode byte (BPF_LD | BPF_IMM | BPF_DW). */
    public static final int OPCODE = 0x18;

    public LoadImm64 {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(pseudo, "pseudo");
        if ((pseudo == PseudoSource.MAP_FD || pseudo == PseudoSource.MAP_IDX) && nextImm != 0) {
            throw new IllegalArgumentException("a " + pseudo + " ld_imm64 has no second immediate (got " + nextImm + ")");
        }
    }

    /** A plain 64-bit constant load. */
    public static LoadImm64 constant(Register dst, long value) {
        return new LoadImm64(dst, PseudoSource.NONE, (int) value, (int) (value >>> 32));
    }

    /** The 64-bit value both halves make. */
    public long value() {
        return ((long) nextImm << 32) | (imm & 0xffff_ffffL);
    }

    @Override
    public int opcode() {
        return OPCODE;
    }

    @Override
    public int slots() {
        return 2;
    }
}
