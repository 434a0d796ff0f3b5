package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.plan.Decision;
import java.util.Objects;

/** What executing an apply or undo decision did. */
public record OutcomeRecord(Decision decision, ActionOutcome outcome) {
    public OutcomeRecord {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(outcome, "outcome");
    }
}
