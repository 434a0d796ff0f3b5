package io.ebpf4j;

/**
 * How to load an object.
 *
 * @param logSize        the first size of the verifier log buffer, in bytes; a log the kernel cuts
 *                       (ENOSPC) is retried with a buffer four times larger, up to {@code maxLogSize}
 * @param maxLogSize     the largest verifier log buffer to try
 * @param logLevel       the verifier log level on the first attempt (0: a log only on failure,
 *                       1: basic, 2: verbose); a failing load is always retried at level 1 or more
 */
public record LoadOptions(int logSize, int maxLogSize, int logLevel) {
    /** A 256 KiB log buffer growing to 64 MiB, log only on failure. */
    public static final LoadOptions DEFAULTS = new LoadOptions(256 * 1024, 64 * 1024 * 1024, 0);

    public LoadOptions {
        if (logSize < 128 || maxLogSize < logSize) {
            throw new IllegalArgumentException("log sizes must satisfy 128 <= logSize <= maxLogSize: " + logSize + ", " + maxLogSize);
        }
        if (logLevel < 0 || logLevel > 2) {
            throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        }
    }

    public LoadOptions withLogSize(int size) {
        return new LoadOptions(size, Math.max(size, maxLogSize), logLevel);
    }

    public LoadOptions withLogLevel(int level) {
        return new LoadOptions(logSize, maxLogSize, level);
    }
}
