package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.HealAction;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a rule proposes for a diagnosis: an action, made only once the guards let it through, and
 * what it would take away.
 *
 * @param rule   the rule's name, for the journal
 * @param cuts   the paths or peers the action removes (empty for an alert)
 * @param action makes the action (called at most once per proposal, after the guards passed)
 */
public record Remedy(String rule, List<Cut> cuts, Supplier<HealAction> action) {
    public Remedy {
        Objects.requireNonNull(rule, "rule");
        cuts = List.copyOf(cuts);
        Objects.requireNonNull(action, "action");
    }
}
