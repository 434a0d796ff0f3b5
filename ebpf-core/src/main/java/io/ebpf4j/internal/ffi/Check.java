package io.ebpf4j.internal.ffi;

import io.ebpf4j.kernel.BpfException;

/** Turns libbpf's {@code -errno} results into exceptions. */
public final class Check {
    private Check() {}

    /**
     * Returns {@code ret} when it is not negative; otherwise throws a {@link BpfException} naming
     * {@code operation}, the errno and its remedy.
     */
    public static int check(int ret, String operation) {
        if (ret < 0) {
            throw error(operation, -ret);
        }
        return ret;
    }

    /** The exception for {@code errno} (positive) raised by {@code operation}. */
    public static BpfException error(String operation, int errno) {
        return new BpfException(operation, errno, null, Remedies.forErrno(operation, errno));
    }
}
