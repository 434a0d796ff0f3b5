package io.ebpf4j.btf;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decodes one {@code struct btf_type} (and the data that follows it) from libbpf's memory into a
 * {@link BtfType} record. The layout is the kernel's UAPI ({@code include/uapi/linux/btf.h}):
 * {@code name_off}, {@code info} (vlen bits 0-15, kind bits 24-28, kind_flag bit 31), {@code size|type}.
 */
final class BtfDecoder {
    static final int HEADER = 12;

    private BtfDecoder() {}

    /** The raw fields of a type header, read without decoding the rest. */
    record Header(int nameOff, int info, int sizeOrType) {
        int kindNumber() {
            return (info >>> 24) & 0x1f;
        }

        int vlen() {
            return info & 0xffff;
        }

        boolean kindFlag() {
            return (info >>> 31) != 0;
        }
    }

    static Header header(MemorySegment zeroLength) {
        MemorySegment t = zeroLength.reinterpret(HEADER);
        return new Header(t.get(JAVA_INT_UNALIGNED, 0), t.get(JAVA_INT_UNALIGNED, 4), t.get(JAVA_INT_UNALIGNED, 8));
    }

    /** The number of bytes after the header for a type of this kind and vlen, or -1 for an unknown kind. */
    static long trailingBytes(int kind, int vlen) {
        return switch (kind) {
            case 1, 14 -> 4; // INT encoding word; VAR linkage
            case 3 -> 12; // struct btf_array
            case 4, 5 -> 12L * vlen; // struct btf_member
            case 6 -> 8L * vlen; // struct btf_enum
            case 13 -> 8L * vlen; // struct btf_param
            case 15 -> 12L * vlen; // struct btf_var_secinfo
            case 17 -> 4; // struct btf_decl_tag
            case 19 -> 12L * vlen; // struct btf_enum64
            case 0, 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> -1;
        };
    }

    /**
     * Decodes the type {@code id} at {@code ptr}; {@code names} turns a string offset into a name.
     *
     * @throws BpfException for a kind this library does not know
     */
    static BtfType decode(int id, MemorySegment ptr, IntFunction<String> names) {
        if (id == 0) {
            return new BtfType.Void(0);
        }
        Header h = header(ptr);
        int kind = h.kindNumber();
        int vlen = h.vlen();
        long trailing = trailingBytes(kind, vlen);
        if (trailing < 0) {
            throw new BpfException("decoding BTF type [" + id + "]",
                    "unknown BTF kind " + kind + " (a newer kernel or compiler than this ebpf4j knows)");
        }
        MemorySegment t = ptr.reinterpret(HEADER + trailing);
        String name = names.apply(h.nameOff());
        int st = h.sizeOrType();
        long size = Integer.toUnsignedLong(st);
        return switch (kind) {
            case 0 -> new BtfType.Void(id);
            case 1 -> {
                int enc = t.get(JAVA_INT_UNALIGNED, HEADER);
                int encoding = (enc >>> 24) & 0x0f;
                yield new BtfType.Int(id, name, size, (encoding & 1) != 0, (encoding & 2) != 0, (encoding & 4) != 0,
                        (enc >>> 16) & 0xff, enc & 0xff);
            }
            case 2 -> new BtfType.Ptr(id, st);
            case 3 -> new BtfType.Array(id, t.get(JAVA_INT_UNALIGNED, HEADER), t.get(JAVA_INT_UNALIGNED, HEADER + 4),
                    Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, HEADER + 8)));
            case 4 -> new BtfType.Struct(id, name, size, members(t, vlen, h.kindFlag(), names));
            case 5 -> new BtfType.Union(id, name, size, members(t, vlen, h.kindFlag(), names));
            case 6 -> new BtfType.Enum(id, name, size, h.kindFlag(), enumValues(t, vlen, h.kindFlag(), names));
            case 7 -> new BtfType.Fwd(id, name, h.kindFlag());
            case 8 -> new BtfType.Typedef(id, name, st);
            case 9 -> new BtfType.Volatile(id, st);
            case 10 -> new BtfType.Const(id, st);
            case 11 -> new BtfType.Restrict(id, st);
            case 12 -> new BtfType.Func(id, name, st, Linkage.of(vlen));
            case 13 -> funcProto(id, t, st, vlen, names);
            case 14 -> new BtfType.Var(id, name, st, Linkage.of(t.get(JAVA_INT_UNALIGNED, HEADER)));
            case 15 -> new BtfType.DataSec(id, name, size, secInfos(t, vlen));
            case 16 -> new BtfType.Float(id, name, size);
            case 17 -> new BtfType.DeclTag(id, name, st, t.get(JAVA_INT_UNALIGNED, HEADER));
            case 18 -> new BtfType.TypeTag(id, name, st);
            case 19 -> new BtfType.Enum64(id, name, size, h.kindFlag(), enum64Values(t, vlen, names));
            default -> throw new IllegalStateException("unreachable kind " + kind);
        };
    }

    private static List<BtfType.Member> members(MemorySegment t, int vlen, boolean kindFlag, IntFunction<String> names) {
        List<BtfType.Member> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long at = HEADER + 12L * i;
            int off = t.get(JAVA_INT_UNALIGNED, at + 8);
            long bitOffset = kindFlag ? off & 0xffffff : Integer.toUnsignedLong(off);
            int bitfieldSize = kindFlag ? off >>> 24 : 0;
            out.add(new BtfType.Member(names.apply(t.get(JAVA_INT_UNALIGNED, at)), t.get(JAVA_INT_UNALIGNED, at + 4),
                    bitOffset, bitfieldSize));
        }
        return out;
    }

    private static List<BtfType.EnumValue> enumValues(MemorySegment t, int vlen, boolean signed, IntFunction<String> names) {
        List<BtfType.EnumValue> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long at = HEADER + 8L * i;
            int v = t.get(JAVA_INT_UNALIGNED, at + 4);
            out.add(new BtfType.EnumValue(names.apply(t.get(JAVA_INT_UNALIGNED, at)),
                    signed ? v : Integer.toUnsignedLong(v)));
        }
        return out;
    }

    private static List<BtfType.EnumValue> enum64Values(MemorySegment t, int vlen, IntFunction<String> names) {
        List<BtfType.EnumValue> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long at = HEADER + 12L * i;
            long lo = Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, at + 4));
            long hi = Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, at + 8));
            out.add(new BtfType.EnumValue(names.apply(t.get(JAVA_INT_UNALIGNED, at)), (hi << 32) | lo));
        }
        return out;
    }

    private static BtfType.FuncProto funcProto(int id, MemorySegment t, int ret, int vlen, IntFunction<String> names) {
        List<BtfType.Param> params = new ArrayList<>(vlen);
        boolean variadic = false;
        for (int i = 0; i < vlen; i++) {
            long at = HEADER + 8L * i;
            int nameOff = t.get(JAVA_INT_UNALIGNED, at);
            int type = t.get(JAVA_INT_UNALIGNED, at + 4);
            if (i == vlen - 1 && type == 0 && nameOff == 0) {
                variadic = true; // a last parameter of type void with no name means "..."
            } else {
                params.add(new BtfType.Param(names.apply(nameOff), type));
            }
        }
        return new BtfType.FuncProto(id, ret, params, variadic);
    }

    private static List<BtfType.VarSecInfo> secInfos(MemorySegment t, int vlen) {
        List<BtfType.VarSecInfo> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long at = HEADER + 12L * i;
            out.add(new BtfType.VarSecInfo(t.get(JAVA_INT_UNALIGNED, at),
                    Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, at + 4)),
                    Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, at + 8))));
        }
        return out;
    }
}
