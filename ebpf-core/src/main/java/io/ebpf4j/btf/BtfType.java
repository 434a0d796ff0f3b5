package io.ebpf4j.btf;

import java.util.List;
import java.util.Objects;

/**
 * One BTF type, decoded. Every type knows its {@link #id() id} in its {@link Btf}; references to
 * other types are ids, resolved with {@link Btf#type(int)}. Anonymous types have the name {@code ""}.
 *
 * <p>The records are plain data: they stay valid after the {@link Btf} they came from is closed.
 */
public sealed interface BtfType {
    /** The type id; 0 is {@code void}. */
    int id();

    /** The name, {@code ""} when anonymous. For tags it is the tag's value. */
    String name();

    /** The kind. */
    default BtfKind kind() {
        return BtfKinds.kindOf(getClass());
    }

    /** Whether the type has a name. */
    default boolean isNamed() {
        return !name().isEmpty();
    }

    /** A type without a name of its own: void, pointers, arrays, qualifiers other than typedef, prototypes. */
    sealed interface Unnamed extends BtfType permits Void, Ptr, Array, Volatile, Const, Restrict, FuncProto {
        @Override
        default String name() {
            return "";
        }
    }

    /** A struct or union. */
    sealed interface Composite extends BtfType permits Struct, Union {
        /** The size in bytes. */
        long size();

        /** The members in declaration order. */
        List<Member> members();
    }

    /** A type that only qualifies or renames another: typedef, const, volatile, restrict, type tag. */
    sealed interface Qualifier extends BtfType permits Typedef, Const, Volatile, Restrict, TypeTag {
        /** The id of the qualified type. */
        int target();
    }

    /** An enum or enum64. */
    sealed interface Enumeration extends BtfType permits Enum, Enum64 {
        /** The size in bytes. */
        long size();

        /** Whether the values are signed. */
        boolean signed();

        /** The enumerators in declaration order. */
        List<EnumValue> values();
    }

    /** {@code void}, always id 0. */
    record Void(int id) implements Unnamed {}

    /**
     * An integer.
     *
     * @param size      the size in bytes
     * @param signed    {@code BTF_INT_SIGNED}
     * @param isChar    {@code BTF_INT_CHAR}
     * @param isBool    {@code BTF_INT_BOOL}
     * @param bitOffset the offset of the value's bits (almost always 0)
     * @param bits      the number of value bits
     */
    record Int(int id, String name, long size, boolean signed, boolean isChar, boolean isBool, int bitOffset, int bits)
            implements BtfType {
        public Int {
            Objects.requireNonNull(name);
        }
    }

    /** A pointer to {@code target}. */
    record Ptr(int id, int target) implements Unnamed {}

    /** An array of {@code nelems} elements of type {@code elem}, indexed by type {@code index}. */
    record Array(int id, int elem, int index, long nelems) implements Unnamed {}

    /** A struct of {@code size} bytes. */
    record Struct(int id, String name, long size, List<Member> members) implements Composite {
        public Struct {
            members = List.copyOf(members);
        }
    }

    /** A union of {@code size} bytes. */
    record Union(int id, String name, long size, List<Member> members) implements Composite {
        public Union {
            members = List.copyOf(members);
        }
    }

    /** An enum of {@code size} bytes (1, 2, 4 or 8) with 32-bit values. */
    record Enum(int id, String name, long size, boolean signed, List<EnumValue> values) implements Enumeration {
        public Enum {
            values = List.copyOf(values);
        }
    }

    /** An enum with 64-bit values. */
    record Enum64(int id, String name, long size, boolean signed, List<EnumValue> values) implements Enumeration {
        public Enum64 {
            values = List.copyOf(values);
        }
    }

    /** A forward declaration of a struct or, when {@code union}, a union. */
    record Fwd(int id, String name, boolean union) implements BtfType {}

    /** {@code typedef target name}. */
    record Typedef(int id, String name, int target) implements Qualifier {}

    /** {@code volatile target}. */
    record Volatile(int id, int target) implements Qualifier, Unnamed {}

    /** {@code const target}. */
    record Const(int id, int target) implements Qualifier, Unnamed {}

    /** {@code restrict target}. */
    record Restrict(int id, int target) implements Qualifier, Unnamed {}

    /** A function: its name, its {@link FuncProto} and its linkage. */
    record Func(int id, String name, int proto, Linkage linkage) implements BtfType {}

    /** A function signature; {@code returnType} 0 is void. */
    record FuncProto(int id, int returnType, List<Param> params, boolean variadic) implements Unnamed {
        public FuncProto {
            params = List.copyOf(params);
        }

    }

    /** A variable (a global of a BPF object, or a kernel per-CPU variable). */
    record Var(int id, String name, int type, Linkage linkage) implements BtfType {}

    /** A data section ({@code .data}, {@code .rodata}, {@code .bss}, {@code .data..percpu}...) and its variables. */
    record DataSec(int id, String name, long size, List<VarSecInfo> vars) implements BtfType {
        public DataSec {
            vars = List.copyOf(vars);
        }
    }

    /** A floating point type of {@code size} bytes. */
    record Float(int id, String name, long size) implements BtfType {}

    /**
     * {@code __attribute__((btf_decl_tag(name)))} on {@code target}; {@code componentIndex} is -1 for
     * the declaration itself, else the member or parameter index.
     */
    record DeclTag(int id, String name, int target, int componentIndex) implements BtfType {}

    /** {@code __attribute__((btf_type_tag(name)))} on {@code target}. */
    record TypeTag(int id, String name, int target) implements Qualifier {}

    /**
     * A struct or union member.
     *
     * @param name         the member name, {@code ""} for an anonymous struct or union member
     * @param type         the member's type id
     * @param bitOffset    the offset in bits from the start of the enclosing struct or union
     * @param bitfieldSize the bitfield width, 0 when it is not a bitfield
     */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
        /** Whether the member is a bitfield. */
        public boolean isBitfield() {
            return bitfieldSize != 0;
        }
    }

    /** An enumerator. For unsigned enum64 values, read {@code value} as unsigned. */
    record EnumValue(String name, long value) {}

    /** A function parameter; {@code name} may be {@code ""}. */
    record Param(String name, int type) {}

    /** A variable in a {@link DataSec}: the {@link Var} id, its offset and size in the section. */
    record VarSecInfo(int type, long offset, long size) {}
}
