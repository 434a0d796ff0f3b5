package io.ebpf4j.agent.config;

import io.ebpf4j.heal.plan.GuardSettings;
import java.time.Duration;

/**
 * {@code healing.guards:} the knobs of the heal loop's guard chain ({@link GuardSettings}); every key
 * is optional and defaults to {@link GuardSettings#DEFAULTS}.
 *
 * <pre>{@code
 * guards:
 *   hold: 1s                               # healthy this long before an action is undone
 *   cooldown: 1s                           # least time between two toggles of one subject
 *   flapDamping: {toggles: 4, window: 1m}  # after 4 toggles in 1m a subject is held with its action
 *   rateLimit: {max: 30, window: 1m}       # at most 30 actions of all subjects per 1m
 * }</pre>
 *
 * @param hold        {@link GuardSettings#hold()}, at least 0
 * @param cooldown    {@link GuardSettings#cooldown()}, at least 0
 * @param flapDamping {@link GuardSettings#flapToggles()} and {@link GuardSettings#flapWindow()}
 * @param rateLimit   {@link GuardSettings#rateMax()} and {@link GuardSettings#rateWindow()}
 */
public record GuardConfig(Duration hold, Duration cooldown, FlapDamping flapDamping, RateLimit rateLimit) {
    public GuardConfig {
        flapDamping = flapDamping == null ? new FlapDamping(null, null) : flapDamping;
        rateLimit = rateLimit == null ? new RateLimit(null, null) : rateLimit;
    }

    /**
     * {@code flapDamping:} a subject toggled {@code toggles} times within {@code window} is held.
     *
     * @param toggles at least 1
     * @param window  positive
     */
    public record FlapDamping(Integer toggles, Duration window) {}

    /**
     * {@code rateLimit:} at most {@code max} toggles of all subjects in any {@code window}.
     *
     * @param max    at least 1
     * @param window positive
     */
    public record RateLimit(Integer max, Duration window) {}

    /**
     * The guard settings, each key not given taken from {@link GuardSettings#DEFAULTS}.
     *
     * @throws IllegalArgumentException from {@link GuardSettings}' own checks
     */
    public GuardSettings toSettings() {
        GuardSettings d = GuardSettings.DEFAULTS;
        return new GuardSettings(or(hold, d.hold()), or(cooldown, d.cooldown()),
                rateLimit.max() == null ? d.rateMax() : rateLimit.max(), or(rateLimit.window(), d.rateWindow()),
                flapDamping.toggles() == null ? d.flapToggles() : flapDamping.toggles(),
                or(flapDamping.window(), d.flapWindow()));
    }

    private static Duration or(Duration d, Duration fallback) {
        return d == null ? fallback : d;
    }
}
