package io.ebpf4j.heal.plan;

import java.util.Optional;

/**
 * Holds a flapping subject with its action in place: once a subject has toggled {@code maxToggles}
 * times within {@code windowNanos} (each sick-healthy-sick cycle that was healed and restored costs
 * two), its undo is refused until the window has calmed. Applies are never refused here: after an
 * undo the subject has at most {@code maxToggles} toggles, so one more apply makes at most
 * {@code 1 + maxToggles} in any window, and the subject is then held with its action applied.
 */
public record FlapDampingGuard(int maxToggles, long windowNanos) implements Guard {
    public FlapDampingGuard {
        if (maxToggles < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("flap damping needs maxToggles >= 1 and a positive window, not "
                    + maxToggles + " per " + windowNanos + " ns");
        }
    }

    @Override
    public String name() {
        return "flap-damping";
    }

    @Override
    public Optional<String> check(GuardRequest r, Ledger ledger) {
        if (r.kind() != Decision.Kind.UNDO) {
            return Optional.empty();
        }
        int recent = ledger.toggles(r.subject(), r.monoNanos() - windowNanos + 1);
        if (recent >= maxToggles) {
            return Optional.of(r.subject() + " toggled " + recent + " times in " + Guards.ms(windowNanos)
                    + " ms: held with its action in place");
        }
        return Optional.empty();
    }
}
