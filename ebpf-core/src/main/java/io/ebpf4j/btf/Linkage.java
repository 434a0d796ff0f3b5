package io.ebpf4j.btf;

/** The linkage of a BTF function or variable ({@code BTF_FUNC_*}, {@code BTF_VAR_*}). */
public enum Linkage {
    /** {@code static}: local to its object. */
    STATIC,
    /** Global, defined here. */
    GLOBAL,
    /** {@code extern}: defined elsewhere (the kernel, or another object). */
    EXTERN;

    static Linkage of(int value) {
        return switch (value) {
            case 0 -> STATIC;
            case 1 -> GLOBAL;
            case 2 -> EXTERN;
            default -> throw new IllegalArgumentException("unknown BTF linkage " + value);
        };
    }
}
