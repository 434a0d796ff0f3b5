package io.ebpf4j.asm;

/**
 * An 8-byte slot that is not a well-formed instruction: an opcode the kernel does not define,
 * a register above r10, a reserved field that is set, a broken {@code ld_imm64} pair. It keeps the
 * raw slot, so encoding it gives back the same bytes.
 *
 * @param raw     the slot as a little-endian 64-bit word
 * @param problem what is wrong
 * @param detail  a sentence saying exactly what
 */
public record Malformed(long raw, Problem problem, String detail) implements Instruction {

    /** What is wrong with a malformed slot. */
    public enum Problem {
        /** The opcode byte is not one the kernel defines. */
        UNKNOWN_OPCODE,
        /** A register field names r11-r15. */
        BAD_REGISTER,
        /** A field the instruction does not use is not zero, or a used field has an invalid value. */
        RESERVED_FIELD,
        /** An ld_imm64 whose second slot is missing or not zero outside its immediate, or with an unknown pseudo source. */
        BAD_LD_IMM64,
        /** An atomic operation the kernel does not define, or a width it does not allow for it. */
        BAD_ATOMIC,
        /** A field the kernel ignores is set (today: the offset of exit); the kernel accepts it. */
        IGNORED_FIELD
    }

    @Override
    public int opcode() {
        return (int) (raw & 0xff);
    }

    /** The destination register field (0-15). */
    public int dstField() {
        return (int) (raw >>> 8) & 0x0f;
    }

    /** The source register field (0-15). */
    public int srcField() {
        return (int) (raw >>> 12) & 0x0f;
    }

    /** The offset field. */
    public short offField() {
        return (short) (raw >>> 16);
    }

    /** The immediate field. */
    public int immField() {
        return (int) (raw >>> 32);
    }

    /** Builds the raw word from its fields. */
    public static long word(int opcode, int dst, int src, int off, int imm) {
        return (opcode & 0xffL) | ((dst & 0xfL) << 8) | ((src & 0xfL) << 12) | ((off & 0xffffL) << 16)
                | ((long) imm << 32);
    }
}
