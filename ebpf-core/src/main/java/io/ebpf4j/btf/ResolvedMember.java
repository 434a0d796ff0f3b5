package io.ebpf4j.btf;

/**
 * A struct or union member found by name, with its offset from the start of the outermost type
 * searched (through anonymous nested structs and unions, and dotted paths).
 *
 * @param path         the name or dotted path asked for
 * @param member       the member as declared in its immediate parent
 * @param bitOffset    the offset in bits from the start of the outermost type
 * @param bitfieldSize the bitfield width, 0 when not a bitfield
 */
public record ResolvedMember(String path, BtfType.Member member, long bitOffset, int bitfieldSize) {
    /** The member's type id. */
    public int type() {
        return member.type();
    }

    /** The byte offset (for a bitfield, of the byte holding its first bit). */
    public long byteOffset() {
        return bitOffset / 8;
    }

    /** Whether the member is a bitfield. */
    public boolean isBitfield() {
        return bitfieldSize != 0;
    }
}
