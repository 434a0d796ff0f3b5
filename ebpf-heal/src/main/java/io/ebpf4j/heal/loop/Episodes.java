package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fault episodes per subject, mesh-wide: an episode opens with a subject's first diagnosis and closes
 * once the subject has gone undiagnosed for {@code quietNanos}, so a diagnosis that flickers during
 * one fault counts as one detection. Not thread-safe (the loop's thread).
 */
final class Episodes {
    private record Open(long startNanos, long causeNanos, long lastSeenNanos) {}

    private final long quietNanos;
    private final Map<String, Open> open = new HashMap<>();

    Episodes(long quietNanos) {
        this.quietNanos = quietNanos;
    }

    /**
     * Updates the episodes with this period's diagnoses; calls {@code listener} for each episode that
     * starts. {@code causeOf} gives the earliest evidence of a subject (or {@code now}).
     */
    void update(List<Diagnosis> diagnoses, long now, Map<String, Long> causes, DetectionListener listener) {
        for (Diagnosis d : diagnoses) {
            Open o = open.get(d.subject());
            if (o == null) {
                long cause = Math.min(now, causes.getOrDefault(d.subject(), now));
                open.put(d.subject(), new Open(now, cause, now));
                listener.detected(d.subject(), now, cause);
            } else {
                open.put(d.subject(), new Open(o.startNanos(), o.causeNanos(), now));
            }
        }
        open.values().removeIf(o -> now - o.lastSeenNanos() > quietNanos);
    }

    /** The cause instant of each open episode, for the planners' time-to-detect. */
    Map<String, Long> causes() {
        Map<String, Long> m = new HashMap<>();
        open.forEach((s, o) -> m.put(s, o.causeNanos()));
        return m;
    }
}
