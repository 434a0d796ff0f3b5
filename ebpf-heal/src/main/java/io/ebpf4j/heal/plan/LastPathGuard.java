package io.ebpf4j.heal.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Never isolates a node: an apply whose {@link Cut}s would leave no healthy alternative (no detour
 * to a peer, no healthy link to the replica, no other reachable peer) is refused. Undos only give
 * paths back and always pass. The oracle is read through a supplier so the loop can hand in the
 * current period's view.
 */
public record LastPathGuard(Supplier<? extends PathOracle> oracle) implements Guard {
    public LastPathGuard {
        Objects.requireNonNull(oracle, "oracle");
    }

    /** A guard over a fixed oracle. */
    public static LastPathGuard of(PathOracle oracle) {
        Objects.requireNonNull(oracle, "oracle");
        return new LastPathGuard(() -> oracle);
    }

    @Override
    public String name() {
        return "last-path";
    }

    @Override
    public Optional<String> check(GuardRequest r, Ledger ledger) {
        if (r.kind() != Decision.Kind.APPLY) {
            return Optional.empty();
        }
        PathOracle o = oracle.get();
        for (Cut c : r.cuts()) {
            if (!c.survivable(o)) {
                return Optional.of(c.describe());
            }
        }
        return Optional.empty();
    }
}
