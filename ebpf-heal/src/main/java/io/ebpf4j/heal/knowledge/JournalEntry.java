package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.plan.Decision;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the {@link DecisionJournal}: a decision with its evidence and, for an executed apply or
 * undo, its outcome.
 *
 * @param decision the decision
 * @param evidence what the analyzer saw
 * @param outcome  what executing it did (null for a blocked decision or when not executed yet)
 * @param wall     the wall-clock instant of the decision, for humans
 */
public record JournalEntry(Decision decision, Evidence evidence, ActionOutcome outcome, Instant wall) {
    public JournalEntry {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(wall, "wall");
    }

    /** An entry with evidence guessed from the diagnosis and the wall time now. */
    public static JournalEntry of(Decision decision, ActionOutcome outcome) {
        return new JournalEntry(decision, Evidence.of(decision.diagnosis()), outcome, Instant.now());
    }

    /** Milliseconds from the anomaly's onset to its detection, or NaN when the onset is unknown. */
    public double timeToDetectMillis() {
        return evidence.onsetNanos() < 0 ? Double.NaN : (decision.detectedNanos() - evidence.onsetNanos()) / 1e6;
    }

    /** Milliseconds from detection to the decision. */
    public double timeToActMillis() {
        return decision.timeToActNanos() / 1e6;
    }
}
