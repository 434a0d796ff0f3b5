package io.ebpf4j.heal.plan;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A chain of guards, checked in order; the first that refuses decides.
 *
 * @param chain        the guards
 * @param horizonNanos how long the planner's {@link Ledger} must remember toggles (the longest window)
 */
public record Guards(List<Guard> chain, long horizonNanos) {
    /** Why a request was refused. */
    public record Block(String guard, String reason, boolean quiet) {}

    public Guards {
        chain = List.copyOf(chain);
        if (horizonNanos <= 0) {
            throw new IllegalArgumentException("horizon must be positive, not " + horizonNanos);
        }
    }

    /**
     * The default chain: hold time, last path, cooldown, flap damping, rate limit (cheap and routine
     * first, so a journal names the most specific reason).
     */
    public static Guards defaults(GuardSettings s, Supplier<? extends PathOracle> oracle) {
        long horizon = Math.max(Math.max(s.rateWindow().toNanos(), s.flapWindow().toNanos()),
                Math.max(s.cooldown().toNanos(), 1));
        return new Guards(List.of(new HoldTimeGuard(s.hold().toNanos()), new LastPathGuard(oracle),
                new CooldownGuard(s.cooldown().toNanos()), new FlapDampingGuard(s.flapToggles(), s.flapWindow().toNanos()),
                new RateLimitGuard(s.rateMax(), s.rateWindow().toNanos())), horizon);
    }

    /** The first refusal of {@code request}, or empty when every guard lets it through. */
    public Optional<Block> check(GuardRequest request, Ledger ledger) {
        for (Guard g : chain) {
            Optional<String> why = g.check(request, ledger);
            if (why.isPresent()) {
                return Optional.of(new Block(g.name(), why.get(), g.quiet()));
            }
        }
        return Optional.empty();
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
