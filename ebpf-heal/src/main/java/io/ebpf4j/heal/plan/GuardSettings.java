package io.ebpf4j.heal.plan;

import java.time.Duration;

/**
 * The knobs of the default guard chain.
 *
 * @param hold        how long a subject must stay healthy before its action is undone (default 1 s)
 * @param cooldown    the least time between two toggles of one subject (default 1 s; at most the hold time, it never delays an undo)
 * @param rateMax     the most toggles of all subjects in {@code rateWindow} (default 30)
 * @param rateWindow  the rate limit's sliding window (default 1 min)
 * @param flapToggles the toggles of one subject in {@code flapWindow} after which it is held (default 4)
 * @param flapWindow  the flap damping window (default 1 min)
 */
public record GuardSettings(Duration hold, Duration cooldown, int rateMax, Duration rateWindow, int flapToggles,
        Duration flapWindow) {
    /** The defaults: hold 1 s, cooldown 1 s, 30 actions per minute, held after 4 toggles in a minute. */
    public static final GuardSettings DEFAULTS = new GuardSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 30,
            Duration.ofMinutes(1), 4, Duration.ofMinutes(1));

    public GuardSettings {
        for (Duration d : new Duration[] {hold, cooldown, rateWindow, flapWindow}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("guard durations must be given and not negative");
            }
        }
    }

    /** These settings with another hold time. */
    public GuardSettings withHold(Duration d) {
        return new GuardSettings(d, cooldown, rateMax, rateWindow, flapToggles, flapWindow);
    }

    /** These settings with another cooldown. */
    public GuardSettings withCooldown(Duration d) {
        return new GuardSettings(hold, d, rateMax, rateWindow, flapToggles, flapWindow);
    }

    /** These settings with another rate limit. */
    public GuardSettings withRate(int max, Duration window) {
        return new GuardSettings(hold, cooldown, max, window, flapToggles, flapWindow);
    }

    /** These settings with another flap damping. */
    public GuardSettings withFlap(int toggles, Duration window) {
        return new GuardSettings(hold, cooldown, rateMax, rateWindow, toggles, window);
    }
}
