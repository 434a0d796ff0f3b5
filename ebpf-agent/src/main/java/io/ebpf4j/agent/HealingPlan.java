package io.ebpf4j.agent;

import io.ebpf4j.agent.config.HealingAction;
import io.ebpf4j.heal.learn.DetectorChoice;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.RemedyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The self-healing loop on this node ({@code NodeHealLoop}).
 *
 * @param enabled whether it runs
 * @param period  its period
 * @param actions the actions it may take
 * @param guards  the guard chain's settings ({@code Guards.defaults})
 * @param detector what the loop localises faults on ({@code HealLoopBuilder.graphDetector})
 * @param model   the learned model's file, or null for the one shipped in ebpf-heal
 */
public record HealingPlan(boolean enabled, Duration period, Set<HealingAction> actions, GuardSettings guards,
        DetectorChoice detector, Path model) {
    /** Rules only. */
    public HealingPlan(boolean enabled, Duration period, Set<HealingAction> actions, GuardSettings guards) {
        this(enabled, period, actions, guards, DetectorChoice.rules(), null);
    }

    public HealingPlan {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(period, "period");
        actions = Collections.unmodifiableSet(actions.isEmpty() ? EnumSet.noneOf(HealingAction.class) : EnumSet.copyOf(actions));
        Objects.requireNonNull(guards, "guards");
    }

    /** The loop's remedies: the allowed actions as the heal loop's {@link RemedyKind}s. */
    public Set<RemedyKind> remedies() {
        Set<RemedyKind> out = EnumSet.noneOf(RemedyKind.class);
        for (HealingAction a : actions) {
            out.add(switch (a) {
                case REROUTE_AROUND_LINK -> RemedyKind.REROUTE_AROUND_LINK;
                case REROUTE_TO_REPLICA -> RemedyKind.REROUTE_TO_REPLICA;
                case DENY_PEER -> RemedyKind.DENY_PEER;
                case ALERT -> RemedyKind.ALERT;
            });
        }
        return out;
    }

    /** Whether the loop may take {@code action}. */
    public boolean allows(HealingAction action) {
        return enabled && actions.contains(action);
    }
}
