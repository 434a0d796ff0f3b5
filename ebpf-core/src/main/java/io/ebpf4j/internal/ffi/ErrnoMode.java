package io.ebpf4j.internal.ffi;

/** How a C function reports failure, and so whether a binding captures errno. */
public enum ErrnoMode {
    /**
     * The result says it all: libbpf 1.x's int functions return {@code -errno}, and some functions
     * cannot fail. Nothing is captured.
     */
    RETURNED,
    /**
     * The function sets errno (the C library; libbpf's pointer-returning functions), which the binding
     * captures on every call. An {@code int} or {@code long} result below zero is returned as
     * {@code -errno}; after any other failure (NULL, {@code MAP_FAILED}, 0) the caller reads
     * {@link CapturedErrno#last()} right after the call.
     */
    CAPTURED
}
