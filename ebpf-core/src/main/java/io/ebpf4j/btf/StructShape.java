package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout of a struct or union: what a Java record or codec for a map key or value must match.
 * Members of anonymous nested structs and unions appear as fields of their own, with offsets from the
 * start of the outer type (as C code sees them).
 *
 * @param name      the type name ({@code ""} when anonymous)
 * @param union     whether it is a union
 * @param size      the size in bytes
 * @param alignment the alignment in bytes (1 when packed)
 * @param fields    the fields in declaration order
 */
public record StructShape(String name, boolean union, long size, int alignment, List<Field> fields) {
    private static final int MAX_FIELDS = 1 << 16;

    public StructShape {
        fields = List.copyOf(fields);
    }

    /**
     * One field.
     *
     * @param name         the field name
     * @param offset       the byte offset (for a bitfield, of the byte holding its first bit)
     * @param size         the size in bytes of the field's type (for a bitfield, of its underlying integer)
     * @param bitOffset    the offset in bits
     * @param bitfieldSize the bitfield width, 0 when not a bitfield
     * @param typeId       the field's type id in the {@link Btf}
     * @param typeName     the field's type as C, e.g. {@code "__u32"}, {@code "char[16]"}, {@code "struct in6_addr"}
     * @param resolvedKind the kind of the type after skipping typedefs and qualifiers
     */
    public record Field(String name, long offset, long size, long bitOffset, int bitfieldSize, int typeId,
            String typeName, BtfKind resolvedKind) {
        /** Whether the field is a bitfield. */
        public boolean isBitfield() {
            return bitfieldSize != 0;
        }
    }

    /** The field named {@code name}. */
    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The shape of the struct or union {@code type} (typedefs and qualifiers are skipped). */
    static StructShape of(Btf btf, BtfType type) {
        if (!(btf.resolve(type) instanceof BtfType.Composite c)) {
            throw new BpfException("describing the layout of BTF type [" + type.id() + "] " + type.name(), 22,
                    "it is a " + btf.resolve(type).kind() + ", not a struct or union", null, null);
        }
        CPrinter printer = CPrinter.of(btf);
        List<Field> fields = new ArrayList<>();
        collect(btf, printer, c, 0, fields, 0);
        return new StructShape(c.name(), c instanceof BtfType.Union, c.size(), btf.alignOf(c), fields);
    }

    private static void collect(Btf btf, CPrinter printer, BtfType.Composite c, long base, List<Field> out, int depth) {
        if (depth > BtfLayout.MAX_DEPTH || out.size() > MAX_FIELDS) {
            throw new BpfException("describing the layout of " + c.name(),
                    "anonymous members nest too deeply or too many times: the BTF is corrupt");
        }
        for (BtfType.Member m : c.members()) {
            BtfType t = btf.type(m.type());
            BtfType resolved = btf.resolve(t);
            long bit = base + m.bitOffset();
            if (m.name().isEmpty() && resolved instanceof BtfType.Composite inner) {
                collect(btf, printer, inner, bit, out, depth + 1);
                continue;
            }
            out.add(new Field(m.name(), bit / 8, btf.sizeOf(t), bit, m.bitfieldSize(), m.type(),
                    printer.typeName(m.type()), resolved.kind()));
        }
    }
}
