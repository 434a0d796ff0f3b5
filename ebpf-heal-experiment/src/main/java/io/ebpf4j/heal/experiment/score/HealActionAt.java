package io.ebpf4j.heal.experiment.score;

import java.util.Objects;

/**
 * A heal action applied somewhere in the mesh: its subject and when (monotonic nanoseconds, the same
 * clock in every process of the host), from a loop's knowledge store or an agent's journal.
 */
public record HealActionAt(String subject, long monoNanos) {
    public HealActionAt {
        Objects.requireNonNull(subject, "subject");
    }
}
