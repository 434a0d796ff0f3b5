package io.ebpf4j.asm;

import java.util.Optional;

/**
 * The eleven BPF registers. {@code R0} holds return values, {@code R1}-{@code R5} carry call
 * arguments (and are clobbered by calls), {@code R6}-{@code R9} are callee-saved, and {@code R10}
 * is the read-only frame pointer.
 */
public enum Register {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Register[] ALL = values();

    /** The register's number as encoded in an instruction (0-10). */
    public int number() {
        return ordinal();
    }

    /** The register numbered {@code n}, if {@code 0 <= n <= 10}. */
    public static Optional<Register> of(int n) {
        return n >= 0 && n < ALL.length ? Optional.of(ALL[n]) : Optional.empty();
    }

    /** The register numbered {@code n}; throws when it does not exist. */
    public static Register require(int n) {
        if (n < 0 || n >= ALL.length) {
            throw new IllegalArgumentException("no BPF register r" + n + " (registers are r0..r10)");
        }
        return ALL[n];
    }

    @Override
    public String toString() {
        return "r" + ordinal();
    }
}
