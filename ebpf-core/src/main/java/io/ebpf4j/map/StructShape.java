package io.ebpf4j.map;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A neutral description of a C struct's layout (from BTF, a header, or a {@link RecordCodec}): its
 * name, size and members with byte offsets and sizes. {@link RecordCodec#checkAgainst(StructShape)}
 * compares two of them.
 *
 * @param name    the struct's name (for messages)
 * @param size    sizeof in bytes
 * @param members the members in declaration order
 */
public record StructShape(String name, long size, List<Member> members) {
    public StructShape {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }

    /** The member called {@code name}. */
    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * One member.
     *
     * @param name   the member's name
     * @param offset byte offset from the start of the struct
     * @param size   size in bytes
     */
    /** The neutral shape of a struct as BTF describes it (bitfields keep their containing bytes). */
    public static StructShape of(io.ebpf4j.btf.StructShape btf) {
        List<Member> members = new java.util.ArrayList<>();
        for (io.ebpf4j.btf.StructShape.Field f : btf.fields()) {
            members.add(new Member(f.name(), f.offset(), f.size()));
        }
        return new StructShape(btf.name(), btf.size(), members);
    }

    public record Member(String name, long offset, long size) {
        public Member {
            Objects.requireNonNull(name, "name");
        }
    }
}
