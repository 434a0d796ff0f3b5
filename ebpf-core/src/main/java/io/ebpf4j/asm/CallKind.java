package io.ebpf4j.asm;

import java.util.Optional;

/** What a {@code call} instruction calls, per its source-register field. */
public enum CallKind {
    /** A kernel helper; imm is the helper id (enum bpf_func_id). */
    HELPER(0),
    /** BPF_PSEUDO_CALL: a BPF function of the same program; imm is the relative offset. */
    LOCAL(1),
    /** BPF_PSEUDO_KFUNC_CALL: a kernel function; imm is its BTF id, off the index of its BTF in fd_array. */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    /** The value of the source-register field. */
    public int code() {
        return code;
    }

    /** The kind with this code, if defined. */
    public static Optional<CallKind> of(int code) {
        CallKind[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }
}
