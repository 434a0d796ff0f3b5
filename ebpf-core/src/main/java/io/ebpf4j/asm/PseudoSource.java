package io.ebpf4j.asm;

import java.util.Optional;

/** What the source-register field of a 64-bit immediate load ({@code ld_imm64}) says the value is. */
public enum PseudoSource {
    /** A plain 64-bit constant. */
    NONE(0),
    /** BPF_PSEUDO_MAP_FD: imm is a map fd; the kernel replaces it with the map's address. */
    MAP_FD(1),
    /** BPF_PSEUDO_MAP_VALUE: imm is a map fd, the second imm an offset into its value. */
    MAP_VALUE(2),
    /** BPF_PSEUDO_BTF_ID: imm is a BTF id of a kernel variable (ksym). */
    BTF_ID(3),
    /** BPF_PSEUDO_FUNC: imm is the relative offset of a BPF function (callbacks). */
    FUNC(4),
    /** BPF_PSEUDO_MAP_IDX: imm indexes the fd_array given at load time. */
    MAP_IDX(5),
    /** BPF_PSEUDO_MAP_IDX_VALUE: as MAP_IDX, second imm an offset into the value. */
    MAP_IDX_VALUE(6);

    private final int code;

    PseudoSource(int code) {
        this.code = code;
    }

    /** The value of the source-register field. */
    public int code() {
        return code;
    }

    /** The pseudo source with this code, if defined. */
    public static Optional<PseudoSource> of(int code) {
        PseudoSource[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }
}
