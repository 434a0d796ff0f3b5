package io.ebpf4j.heal.act;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * Drops a peer's traffic in this node's XDP mesh filter ({@link MeshFilter#deny}); {@link #undo()}
 * puts back the policy the peer had before (allow, deny, or none: the default action). Idempotent;
 * thread-safe.
 */
public final class DenyPeerAction implements HealAction {
    private final MeshFilter filter;
    private final SpiffeId peer;
    private boolean applied;
    private Action previous;

    /** Denies {@code peer} in {@code filter}. */
    public DenyPeerAction(MeshFilter filter, SpiffeId peer) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String kind() {
        return "deny-peer";
    }

    @Override
    public String describe() {
        return "deny " + peer + " in the mesh filter";
    }

    @Override
    public synchronized ActionOutcome apply() {
        try {
            Optional<Action> current = filter.identities().policy(peer);
            if (current.orElse(null) == Action.DENY) {
                return ActionOutcome.unchanged(peer + " already denied");
            }
            filter.deny(peer);
            if (!applied) {
                previous = current.orElse(null);
                applied = true;
            }
            return ActionOutcome.done("denied " + peer + " (was " + current.map(Action::name).orElse("default") + ")");
        } catch (RuntimeException e) {
            return ActionOutcome.failed("denying " + peer + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized ActionOutcome undo() {
        if (!applied) {
            return ActionOutcome.unchanged("not applied");
        }
        try {
            if (previous == null) {
                filter.clearPolicy(peer);
            } else if (previous == Action.ALLOW) {
                filter.allow(peer);
            }
            applied = false;
            return ActionOutcome.done(peer + " back to " + (previous == null ? "the default action" : previous.name()));
        } catch (RuntimeException e) {
            return ActionOutcome.failed("restoring the policy of " + peer + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "DenyPeerAction[" + describe() + "]";
    }
}
