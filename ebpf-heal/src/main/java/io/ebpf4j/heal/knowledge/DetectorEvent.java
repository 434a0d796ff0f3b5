package io.ebpf4j.heal.knowledge;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A graph detector failing over to the rules, or coming back, as the {@link DecisionJournal} records it
 * (one line per change, not per period).
 *
 * @param monoNanos when ({@link System#nanoTime()})
 * @param wall      the wall-clock instant, for humans
 * @param detector  the graph detector's name
 * @param kind      fallback or recovered
 * @param reason    why it fell back ({@code timeout after 20 ms}, {@code threw ...}, {@code busy ...}); for a
 *                  recovery the reason of the fallback it ends
 * @param periods   for a recovery, how many periods the rules decided alone; 0 for a fallback
 */
public record DetectorEvent(long monoNanos, Instant wall, String detector, Kind kind, String reason, long periods) {
    /** What happened. */
    public enum Kind {
        /** The detector failed this period (threw, overran its deadline, or was still busy): the rules decide. */
        FALLBACK,
        /** The detector answered in time again. */
        RECOVERED;

        /** The journal's {@code event} value: {@code detector_fallback} or {@code detector_recovered}. */
        public String label() {
            return "detector_" + name().toLowerCase(Locale.ROOT);
        }
    }

    public DetectorEvent {
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
