package io.ebpf4j;

import io.ebpf4j.validate.Policy;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load an object.
 *
 * <p>By default every program that loads is first validated in Java (structure and
 * {@link Policy#defaults()}, on the instructions linked as libbpf links them); an error refuses the load
 * with a {@link io.ebpf4j.validate.ValidationException} before anything is created in the kernel.
 * {@link #withPolicy(Policy)} changes the policy, {@link #withoutValidation()} turns validation off.
 *
 * @param logSize        the first size of the verifier log buffer, in bytes; a log the kernel cuts
 *                       (ENOSPC) is retried with a buffer four times larger, up to {@code maxLogSize}
 * @param maxLogSize     the largest verifier log buffer to try
 * @param logLevel       the verifier log level on the first attempt (0: a log only on failure,
 *                       1: basic, 2: verbose); a failing load is always retried at level 1 or more
 * @param validation     the policy programs are validated against before load; empty: no validation
 */
public record LoadOptions(int logSize, int maxLogSize, int logLevel, Optional<Policy> validation) {
    private static final Policy DEFAULT_POLICY = Policy.defaults();

    /** A 256 KiB log buffer growing to 64 MiB, log only on failure, validation with the default policy. */
    public static final LoadOptions DEFAULTS = new LoadOptions(256 * 1024, 64 * 1024 * 1024, 0);

    public LoadOptions {
        if (logSize < 128 || maxLogSize < logSize) {
            throw new IllegalArgumentException("log sizes must satisfy 128 <= logSize <= maxLogSize: " + logSize + ", " + maxLogSize);
        }
        if (logLevel < 0 || logLevel > 2) {
            throw new IllegalArgumentException("log level must be 0, 1 or 2: " + logLevel);
        }
        Objects.requireNonNull(validation, "validation (Optional.empty() for none)");
    }

    /** Options with validation against {@link Policy#defaults()}. */
    public LoadOptions(int logSize, int maxLogSize, int logLevel) {
        this(logSize, maxLogSize, logLevel, Optional.of(DEFAULT_POLICY));
    }

    public LoadOptions withLogSize(int size) {
        return new LoadOptions(size, Math.max(size, maxLogSize), logLevel, validation);
    }

    public LoadOptions withLogLevel(int level) {
        return new LoadOptions(logSize, maxLogSize, level, validation);
    }

    /**
     * Validates programs against {@code policy} (structure is always checked), e.g.
     * {@code Policy.defaults().and(Policy.allowProgramTypes(Set.of(ProgramType.XDP)))}; {@link Policy#none()}
     * checks structure only.
     */
    public LoadOptions withPolicy(Policy policy) {
        return new LoadOptions(logSize, maxLogSize, logLevel, Optional.of(Objects.requireNonNull(policy, "policy")));
    }

    /** Loads without validating: the kernel's verifier is the only check. */
    public LoadOptions withoutValidation() {
        return new LoadOptions(logSize, maxLogSize, logLevel, Optional.empty());
    }
}
