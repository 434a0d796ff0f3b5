package io.ebpf4j.internal.ffi;

import io.ebpf4j.kernel.BpfException;

/** Turns {@code -errno} results into exceptions that name the operation and say what to do. */
public final class Check {
    private Check() {}

    /**
     * Returns {@code ret} when it is not negative; otherwise throws a {@link BpfException} naming
     * {@code operation}, the errno and the remedy for an operation of {@code kind}.
     */
    public static int check(int ret, OpKind kind, String operation) {
        if (ret < 0) {
            throw error(kind, operation, -ret);
        }
        return ret;
    }

    /** The exception for {@code errno} (positive) raised by {@code operation}, of {@code kind}. */
    public static BpfException error(OpKind kind, String operation, int errno) {
        return new BpfException(operation, errno, null, Remedies.forErrno(kind, errno));
    }
}
