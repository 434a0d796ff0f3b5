package io.ebpf4j.heal.plan;

import java.util.Optional;
import java.util.OptionalLong;

/** No toggle of a subject within {@code cooldownNanos} of its last toggle. */
public record CooldownGuard(long cooldownNanos) implements Guard {
    public CooldownGuard {
        if (cooldownNanos < 0) {
            throw new IllegalArgumentException("cooldown must not be negative: " + cooldownNanos);
        }
    }

    @Override
    public String name() {
        return "cooldown";
    }

    @Override
    public Optional<String> check(GuardRequest r, Ledger ledger) {
        OptionalLong last = ledger.lastToggle(r.subject());
        if (last.isPresent() && r.monoNanos() - last.getAsLong() < cooldownNanos) {
            return Optional.of("last action on " + r.subject() + " " + Guards.ms(r.monoNanos() - last.getAsLong())
                    + " ms ago, cooldown " + Guards.ms(cooldownNanos) + " ms");
        }
        return Optional.empty();
    }
}
