package io.ebpf4j.heal.loop;

import java.util.Objects;

/**
 * What a {@link SharedView} knows of one node's agent: whether it answers the membership protocol, and
 * since when. Fault localisation reads a {@link Liveness#SUSPECT} or {@link Liveness#DEAD} agent as
 * evidence about the node (a node fault), not about its links.
 *
 * @param node       the node number (as in {@link io.ebpf4j.heal.graph.EdgeFeatures#from()})
 * @param name       the node's identity as its agent announced it (its SPIFFE ID or node name)
 * @param liveness   the agent's state
 * @param sinceNanos the {@link System#nanoTime()} instant this view saw the agent enter that state
 */
public record MemberState(int node, String name, Liveness liveness, long sinceNanos) {
    public MemberState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(liveness, "liveness");
    }

    /** The state of an agent in the membership protocol. */
    public enum Liveness {
        /** Answers probes. */
        ALIVE,
        /** Missed its probes, directly and through other members; not yet declared dead. */
        SUSPECT,
        /** Announced that it leaves (a graceful stop: an upgrade or a restart, not a fault). */
        LEAVING,
        /** Removed from the membership: it left, or stayed suspect past the suspicion timeout. */
        DEAD
    }
}
