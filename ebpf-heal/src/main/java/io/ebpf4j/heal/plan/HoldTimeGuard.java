package io.ebpf4j.heal.plan;

import java.util.Optional;

/**
 * Restores only after the subject has been healthy for {@code holdNanos}. Waiting is routine, so
 * its blocks are {@linkplain #quiet() quiet} (not returned as decisions).
 */
public record HoldTimeGuard(long holdNanos) implements Guard {
    public HoldTimeGuard {
        if (holdNanos < 0) {
            throw new IllegalArgumentException("hold time must not be negative: " + holdNanos);
        }
    }

    @Override
    public String name() {
        return "hold";
    }

    @Override
    public boolean quiet() {
        return true;
    }

    @Override
    public Optional<String> check(GuardRequest r, Ledger ledger) {
        if (r.kind() != Decision.Kind.UNDO) {
            return Optional.empty();
        }
        long healthy = r.healthySinceNanos() < 0 ? -1 : r.monoNanos() - r.healthySinceNanos();
        if (healthy < holdNanos) {
            return Optional.of(r.subject() + " healthy for " + Guards.ms(Math.max(healthy, 0)) + " ms, hold "
                    + Guards.ms(holdNanos) + " ms");
        }
        return Optional.empty();
    }
}
