package io.ebpf4j.heal.plan;

import java.util.Optional;

/**
 * Restores only after the subject has been healthy for its hold time: {@code holdNanos}, doubled for
 * every earlier heal-and-restore cycle of the subject within {@code backoffNanos} (at most 16 times
 * the base). A fault whose symptom needs the traffic to show (a bandwidth collapse looks healthy
 * once the traffic is routed away) would otherwise be restored, hurt the traffic again and be healed
 * again every hold time; with the backoff each round waits twice as long, as route flap damping
 * does. Waiting is routine, so its blocks are {@linkplain #quiet() quiet} (not returned as decisions).
 */
public record HoldTimeGuard(long holdNanos, long backoffNanos) implements Guard {
    /** The default window in which earlier cycles lengthen the hold: 30 s. */
    public static final long DEFAULT_BACKOFF_NANOS = 30_000_000_000L;

    public HoldTimeGuard {
        if (holdNanos < 0) {
            throw new IllegalArgumentException("hold time must not be negative: " + holdNanos);
        }
        if (backoffNanos < 0) {
            throw new IllegalArgumentException("backoff window must not be negative: " + backoffNanos);
        }
    }

    /** A hold of {@code holdNanos} with the default backoff window. */
    public HoldTimeGuard(long holdNanos) {
        this(holdNanos, DEFAULT_BACKOFF_NANOS);
    }

    /** The hold for {@code subject} now: the base, doubled per earlier cycle in the backoff window. */
    long holdFor(String subject, long now, Ledger ledger) {
        int toggles = backoffNanos == 0 ? 1 : ledger.toggles(subject, now - backoffNanos);
        int cycles = Math.max(0, (toggles - 1) / 2);
        return holdNanos << Math.min(cycles, 4);
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
        long hold = holdFor(r.subject(), r.monoNanos(), ledger);
        if (healthy < hold) {
            return Optional.of(r.subject() + " healthy for " + Guards.ms(Math.max(healthy, 0)) + " ms, hold "
                    + Guards.ms(hold) + " ms");
        }
        return Optional.empty();
    }
}
