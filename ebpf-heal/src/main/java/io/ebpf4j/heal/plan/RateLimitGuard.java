package io.ebpf4j.heal.plan;

import java.util.Optional;

/** At most {@code max} toggles (of all subjects together) in any sliding window of {@code windowNanos}. */
public record RateLimitGuard(int max, long windowNanos) implements Guard {
    public RateLimitGuard {
        if (max < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("rate limit needs max >= 1 and a positive window, not " + max + " per "
                    + windowNanos + " ns");
        }
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public Optional<String> check(GuardRequest r, Ledger ledger) {
        int recent = ledger.toggles(r.monoNanos() - windowNanos + 1);
        if (recent >= max) {
            return Optional.of(recent + " actions in the last " + Guards.ms(windowNanos) + " ms, limit " + max);
        }
        return Optional.empty();
    }
}
