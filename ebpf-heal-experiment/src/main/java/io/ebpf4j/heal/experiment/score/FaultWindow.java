package io.ebpf4j.heal.experiment.score;

import java.util.Objects;

/**
 * A fault as scoring sees it: its subject ({@code "link:a-b"}, {@code "node:j"}, {@code "service:j"})
 * and when it was injected and cleared (monoNanos).
 */
public record FaultWindow(String subject, long injectedNanos, long clearedNanos) {
    public FaultWindow {
        Objects.requireNonNull(subject, "subject");
        if (clearedNanos < injectedNanos) {
            throw new IllegalArgumentException("fault on " + subject + " cleared before it was injected");
        }
    }
}
