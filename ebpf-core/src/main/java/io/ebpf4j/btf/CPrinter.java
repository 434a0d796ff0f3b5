package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import java.util.StringJoiner;

/**
 * Prints BTF types as C: struct, union and enum definitions, typedefs, function declarations and
 * prototypes, with C declarator syntax for pointers, arrays and pointers to functions
 * ({@code void (*handler)(int, char *)}). Anonymous nested structs and unions are printed inline.
 *
 * <pre>{@code
 * try (Btf btf = Btf.vmlinux()) {
 *     System.out.println(CPrinter.of(btf).print(btf.find("xdp_md", BtfKind.STRUCT).orElseThrow()));
 * }
 * }</pre>
 */
public final class CPrinter {
    private static final int MAX_DEPTH = 64;
    /** Larger output means corrupt BTF nesting anonymous types exponentially: refuse it. */
    private static final int MAX_OUTPUT = 8 << 20;

    private final Btf btf;

    private CPrinter(Btf btf) {
        this.btf = btf;
    }

    /** A printer resolving type ids through {@code btf}. */
    public static CPrinter of(Btf btf) {
        return new CPrinter(btf);
    }

    /**
     * The C definition or declaration of {@code type}: a full body for structs, unions and enums,
     * {@code typedef ...;}, a function declaration for a {@link BtfType.Func}, and the type's name for
     * the rest.
     */
    public String print(BtfType type) {
        return switch (type) {
            case BtfType.Composite c -> composite(c, 0, 0) + packed(c) + ";";
            case BtfType.Enumeration e -> enumeration(e, 0) + ";";
            case BtfType.Typedef t -> "typedef " + decl(t.target(), t.name(), 0, true, 0) + ";";
            case BtfType.Func f -> linkage(f.linkage()) + decl(f.proto(), f.name(), 0, true, 0) + ";";
            case BtfType.Var v -> linkage(v.linkage()) + decl(v.type(), v.name(), 0, true, 0) + ";";
            case BtfType.Fwd f -> (f.union() ? "union " : "struct ") + f.name() + ";";
            case BtfType.DataSec d -> dataSec(d);
            case BtfType.DeclTag d -> "/* __attribute__((btf_decl_tag(\"" + d.name() + "\"))) on " + typeName(d.target())
                    + (d.componentIndex() >= 0 ? ", component " + d.componentIndex() : "") + " */";
            default -> typeName(type.id());
        };
    }

    /** The type {@code typeId} as written in a cast: {@code "struct sk_buff *"}, {@code "char[16]"}. */
    public String typeName(int typeId) {
        return decl(typeId, "", 0, false, 0);
    }

    /** A declaration of {@code name} with type {@code typeId}: {@code "char comm[16]"}, {@code "int (*fn)(void)"}. */
    public String declaration(int typeId, String name) {
        return decl(typeId, name, 0, true, 0);
    }

    private String decl(int id, String d, int indent, boolean inlineAnon, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BpfException("printing BTF type [" + id + "] as C", "the type nests more than " + MAX_DEPTH + " levels deep");
        }
        BtfType t = btf.type(id);
        return switch (t) {
            case BtfType.Ptr p -> decl(p.target(), (d.startsWith("(") ? "* " : "*") + d, indent, inlineAnon, depth + 1);
            case BtfType.Const c -> qualified(c.target(), "const", d, indent, inlineAnon, depth);
            case BtfType.Volatile v -> qualified(v.target(), "volatile", d, indent, inlineAnon, depth);
            case BtfType.Restrict r -> qualified(r.target(), "restrict", d, indent, inlineAnon, depth);
            case BtfType.TypeTag tag -> qualified(tag.target(), "__attribute__((btf_type_tag(\"" + tag.name() + "\")))",
                    d, indent, inlineAnon, depth);
            case BtfType.Array a -> decl(a.elem(), paren(d) + "[" + a.nelems() + "]", indent, inlineAnon, depth + 1);
            case BtfType.FuncProto fp -> decl(fp.returnType(), paren(d) + params(fp, indent, depth), indent, inlineAnon,
                    depth + 1);
            default -> {
                String base = base(t, indent, inlineAnon, depth);
                yield d.isEmpty() ? base : d.startsWith("[") ? base + d : base + " " + d;
            }
        };
    }

    /** A qualifier binds to the pointer on its right when the qualified type is a pointer, else prefixes the base. */
    private String qualified(int target, String keyword, String d, int indent, boolean inlineAnon, int depth) {
        if (btf.type(target) instanceof BtfType.Ptr p) { // "char * const p", spaced as bpftool prints it
            return decl(p.target(), "* " + keyword + (d.isEmpty() ? "" : " " + d), indent, inlineAnon, depth + 1);
        }
        String inner = decl(target, d, indent, inlineAnon, depth + 1);
        // const on an array of const elements (and the like) is written once, as bpftool does
        return inner.startsWith(keyword + " ") ? inner : keyword + " " + inner;
    }

    private static String paren(String d) {
        return d.startsWith("*") ? "(" + d + ")" : d;
    }

    private String params(BtfType.FuncProto fp, int indent, int depth) {
        if (fp.params().isEmpty()) {
            return fp.variadic() ? "(...)" : "(void)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (BtfType.Param p : fp.params()) {
            j.add(decl(p.type(), p.name(), indent, true, depth + 1));
        }
        if (fp.variadic()) {
            j.add("...");
        }
        return j.toString();
    }

    private String base(BtfType t, int indent, boolean inlineAnon, int depth) {
        return switch (t) {
            case BtfType.Void v -> "void";
            case BtfType.Composite c when !c.isNamed() -> inlineAnon ? composite(c, indent, depth + 1) + packed(c)
                    : (c instanceof BtfType.Union ? "union {...}" : "struct {...}");
            case BtfType.Composite c -> (c instanceof BtfType.Union ? "union " : "struct ") + c.name();
            case BtfType.Enumeration e when !e.isNamed() -> inlineAnon ? enumeration(e, indent) : "enum {...}";
            case BtfType.Enumeration e -> "enum " + e.name();
            case BtfType.Fwd f -> (f.union() ? "union " : "struct ") + f.name();
            default -> t.name();
        };
    }

    private String composite(BtfType.Composite c, int indent, int depth) {
        StringBuilder sb = new StringBuilder(c instanceof BtfType.Union ? "union " : "struct ");
        if (c.isNamed()) {
            sb.append(c.name()).append(' ');
        }
        if (c.members().isEmpty()) {
            return sb.append("{}").toString();
        }
        sb.append("{\n");
        for (BtfType.Member m : c.members()) {
            tabs(sb, indent + 1).append(decl(m.type(), m.name(), indent + 1, true, depth + 1));
            if (m.isBitfield()) {
                sb.append(": ").append(m.bitfieldSize());
            }
            sb.append(";\n");
            if (sb.length() > MAX_OUTPUT) {
                throw new BpfException("printing BTF type [" + c.id() + "] as C",
                        "the definition is larger than " + MAX_OUTPUT + " characters: the BTF is corrupt");
            }
        }
        return tabs(sb, indent).append('}').toString();
    }

    private String enumeration(BtfType.Enumeration e, int indent) {
        StringBuilder sb = new StringBuilder("enum ");
        if (e.isNamed()) {
            sb.append(e.name()).append(' ');
        }
        sb.append("{\n");
        for (BtfType.EnumValue v : e.values()) {
            String value = e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
            if (e instanceof BtfType.Enum64) {
                value += e.signed() ? "LL" : "ULL"; // 64-bit values need the suffix to stay 64-bit in C
            }
            tabs(sb, indent + 1).append(v.name()).append(" = ").append(value).append(",\n");
        }
        return tabs(sb, indent).append('}').toString();
    }

    private String dataSec(BtfType.DataSec d) {
        StringBuilder sb = new StringBuilder("/* section ").append(d.name()).append(", ").append(d.size()).append(" bytes */\n");
        for (BtfType.VarSecInfo info : d.vars()) {
            BtfType v = btf.type(info.type());
            sb.append(v instanceof BtfType.Var ? print(v) : "/* [" + v.id() + "] " + v.kind() + " */").append(" /* offset ").append(info.offset()).append(", size ").append(info.size())
                    .append(" */\n");
        }
        return sb.toString().stripTrailing();
    }

    private String packed(BtfType.Composite c) {
        try {
            if (btf.alignOf(c) == 1 && c.members().stream().anyMatch(m -> btf.alignOf(btf.type(m.type())) > 1)) {
                return " __attribute__((packed))";
            }
        } catch (BpfException e) {
            // members without an alignment (corrupt BTF): print without the attribute
        }
        return "";
    }

    private static String linkage(Linkage l) {
        return switch (l) {
            case STATIC -> "static ";
            case EXTERN -> "extern ";
            case GLOBAL -> "";
        };
    }

    private static StringBuilder tabs(StringBuilder sb, int n) {
        return sb.repeat("\t", n);
    }
}
