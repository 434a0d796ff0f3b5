package io.ebpf4j.heal.experiment.score;

import java.util.Objects;

/** A diagnosis some node made: at {@code monoNanos}, node {@code node} found {@code subject} sick. */
public record Detection(long monoNanos, String subject, int node) {
    public Detection {
        Objects.requireNonNull(subject, "subject");
    }
}
