package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;

/**
 * Sizes, alignments and resolution of types, computed in Java on the decoded types with the rules
 * of libbpf's {@code btf__resolve_size} and {@code btf__align_of}.
 */
final class BtfLayout {
    /** libbpf's MAX_RESOLVE_DEPTH: longer chains mean a loop in corrupt BTF. */
    static final int MAX_DEPTH = 32;
    /** Struct-in-struct nesting followed when aligning; only corrupt BTF (a struct containing itself) goes deeper. */
    static final int MAX_NESTING = 256;
    private static final long U32_MAX = 0xffff_ffffL;

    private BtfLayout() {}

    static BtfType resolve(Btf btf, BtfType type) {
        BtfType t = type;
        for (int depth = 0; depth <= MAX_DEPTH; depth++) {
            if (!(t instanceof BtfType.Qualifier q)) {
                return t;
            }
            t = btf.type(q.target());
        }
        throw tooDeep(btf, type, "resolving");
    }

    static long sizeOf(Btf btf, BtfType type) {
        long nelems = 1;
        BtfType t = type;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            long size;
            switch (t) {
                case BtfType.Int i -> size = i.size();
                case BtfType.Composite c -> size = c.size();
                case BtfType.Enumeration e -> size = e.size();
                case BtfType.DataSec d -> size = d.size();
                case BtfType.Float f -> size = f.size();
                case BtfType.Ptr p -> size = btf.pointerSize();
                case BtfType.Qualifier q -> {
                    t = btf.type(q.target());
                    continue;
                }
                case BtfType.Var v -> {
                    t = btf.type(v.type());
                    continue;
                }
                case BtfType.DeclTag d -> {
                    t = btf.type(d.target());
                    continue;
                }
                case BtfType.Array a -> {
                    if (nelems != 0 && a.nelems() > U32_MAX / nelems) {
                        throw new BpfException("sizing BTF type [" + type.id() + "] of " + btf.what(), 7,
                                "the array is larger than 4 GiB", null, null);
                    }
                    nelems *= a.nelems();
                    t = btf.type(a.elem());
                    continue;
                }
                default -> throw new BpfException("sizing BTF type [" + type.id() + "] of " + btf.what(), 22,
                        "a " + t.kind() + " has no size", null, null);
            }
            if (nelems != 0 && size > U32_MAX / nelems) {
                throw new BpfException("sizing BTF type [" + type.id() + "] of " + btf.what(), 7,
                        "the array is larger than 4 GiB", null, null);
            }
            return nelems * size;
        }
        throw tooDeep(btf, type, "sizing");
    }

    static int alignOf(Btf btf, BtfType type) {
        return alignOf(btf, type, 0);
    }

    private static int alignOf(Btf btf, BtfType t, int depth) {
        if (depth > MAX_NESTING) {
            throw new BpfException("aligning BTF type [" + t.id() + "] of " + btf.what(), 40,
                    "types nest more than " + MAX_NESTING + " levels deep: the BTF has a loop", null, null);
        }
        Integer known = btf.alignments.get(t.id());
        if (known != null) {
            return known;
        }
        int align = naturalAlign(btf, t, depth);
        if (align <= 0) {
            throw new BpfException("aligning BTF type [" + t.id() + "] of " + btf.what(), 22,
                    "a " + t.kind() + " of size 0 has no alignment: the BTF is corrupt", null, null);
        }
        btf.alignments.put(t.id(), align); // memoised: shared member types are aligned once
        return align;
    }

    private static int naturalAlign(Btf btf, BtfType t, int depth) {
        return switch (t) {
            case BtfType.Int i -> (int) Math.min(btf.pointerSize(), i.size());
            case BtfType.Enumeration e -> (int) Math.min(btf.pointerSize(), e.size());
            case BtfType.Float f -> (int) Math.min(btf.pointerSize(), f.size());
            case BtfType.Ptr p -> btf.pointerSize();
            case BtfType.Array a -> alignOf(btf, btf.type(a.elem()), depth + 1);
            case BtfType.Qualifier q -> alignOf(btf, btf.type(q.target()), depth + 1);
            case BtfType.Composite c -> compositeAlign(btf, c, depth);
            default -> throw new BpfException("aligning BTF type [" + t.id() + "] of " + btf.what(), 22,
                    "a " + t.kind() + " has no alignment", null, null);
        };
    }

    private static int compositeAlign(Btf btf, BtfType.Composite c, int depth) {
        int max = 1;
        for (BtfType.Member m : c.members()) {
            int align = alignOf(btf, btf.type(m.type()), depth + 1);
            max = Math.max(max, align);
            // A member not at a multiple of its alignment means the struct is packed.
            if (m.bitfieldSize() == 0 && m.bitOffset() % (8L * align) != 0) {
                return 1;
            }
        }
        return c.size() % max != 0 ? 1 : max;
    }

    private static BpfException tooDeep(Btf btf, BtfType type, String doing) {
        return new BpfException(doing + " BTF type [" + type.id() + "] of " + btf.what(), 40,
                "more than " + MAX_DEPTH + " levels of typedefs, qualifiers or arrays: the BTF has a loop", null, null);
    }
}
