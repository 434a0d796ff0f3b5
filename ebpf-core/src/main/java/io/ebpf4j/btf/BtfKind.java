package io.ebpf4j.btf;

import java.util.Optional;

/** The kinds of BTF type, numbered as in the kernel's {@code BTF_KIND_*} constants. */
public enum BtfKind {
    VOID(0),
    INT(1),
    PTR(2),
    ARRAY(3),
    STRUCT(4),
    UNION(5),
    ENUM(6),
    FWD(7),
    TYPEDEF(8),
    VOLATILE(9),
    CONST(10),
    RESTRICT(11),
    FUNC(12),
    FUNC_PROTO(13),
    VAR(14),
    DATASEC(15),
    FLOAT(16),
    DECL_TAG(17),
    TYPE_TAG(18),
    ENUM64(19);

    private static final BtfKind[] BY_NUMBER = values();

    private final int number;

    BtfKind(int number) {
        this.number = number;
    }

    /** The kernel's {@code BTF_KIND_*} number. */
    public int number() {
        return number;
    }

    /** The kind with the kernel number {@code number}, when it is one this library knows. */
    public static Optional<BtfKind> of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? Optional.of(BY_NUMBER[number]) : Optional.empty();
    }

    /** Whether types of this kind only qualify another type (typedef, const, volatile, restrict, type tag). */
    public boolean isModifier() {
        return this == TYPEDEF || this == CONST || this == VOLATILE || this == RESTRICT || this == TYPE_TAG;
    }
}
