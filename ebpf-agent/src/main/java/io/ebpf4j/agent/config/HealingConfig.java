package io.ebpf4j.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code healing:} section: whether the agent runs the self-healing loop on its node, how often,
 * which actions it may take and the guards between a diagnosis and an action.
 *
 * <pre>{@code
 * healing:
 *   enabled: true                                    # default true; false: watch and alert only
 *   period: 50ms                                     # the loop's period (default 50ms)
 *   actions: [reroute-around-link, reroute-to-replica]   # default: these two
 *   guards: {...}                                    # see GuardConfig
 *   detector: rules                                  # rules | graphsage | mlp | combined (default rules)
 *   model: /etc/ebpf4j/graphsage.json                # the learned model (default: the one shipped)
 * }</pre>
 *
 * @param enabled  whether the loop runs; null: true
 * @param period   the loop's period, positive; null: {@link #DEFAULT_PERIOD}
 * @param actions  the actions allowed; empty: {@link #DEFAULT_ACTIONS}
 * @param guards   the guard settings
 * @param detector what the loop localises faults on (see {@code io.ebpf4j.heal.learn.DetectorChoice}); null: rules
 * @param model    the learned model file for graphsage, mlp or combined; null: the model shipped in ebpf-heal
 */
public record HealingConfig(Boolean enabled, Duration period, List<HealingAction> actions, GuardConfig guards,
        String detector, Path model) {
    /** The heal loop's default period ({@code HealLoopBuilder}). */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(50);
    /** The actions allowed by default: the reroutes (no denying, no alerts: as the heal loop's defaults). */
    public static final Set<HealingAction> DEFAULT_ACTIONS = EnumSet.of(HealingAction.REROUTE_AROUND_LINK,
            HealingAction.REROUTE_TO_REPLICA);

    public HealingConfig {
        actions = Lists.copy(actions);
        guards = guards == null ? new GuardConfig(null, null, null, null) : guards;
    }

    /** Whether the loop runs (true when not given). */
    public boolean on() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** The period, {@link #DEFAULT_PERIOD} when not given. */
    public Duration effectivePeriod() {
        return period == null ? DEFAULT_PERIOD : period;
    }

    /** The detector's name, {@code rules} when not given. */
    public String effectiveDetector() {
        return detector == null ? "rules" : detector;
    }

    /** The actions given, or {@link #DEFAULT_ACTIONS}. */
    public Set<HealingAction> effectiveActions() {
        Set<HealingAction> s = EnumSet.noneOf(HealingAction.class);
        actions.stream().filter(Objects::nonNull).forEach(s::add);
        return s.isEmpty() ? EnumSet.copyOf(DEFAULT_ACTIONS) : s;
    }
}
