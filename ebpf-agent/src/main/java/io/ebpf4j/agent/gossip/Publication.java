package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One member's records as it gossips them: all its analysed edges and its node features, stamped with
 * the member's identity and a version. A publication replaces the member's previous one only when its
 * version is newer: {@code epoch} orders the member's runs (wall-clock milliseconds at its start, so a
 * restarted agent outranks its previous run), {@code seq} the publications of one run.
 *
 * @param node  the member's node number; every edge starts there
 * @param name  the member's identity (its SPIFFE ID or node name)
 * @param epoch the run of the member that published it
 * @param seq   the publication's number in that run, from 0
 * @param self  the member's own features, if it published them
 * @param edges the member's edges ({@code from == node})
 */
record Publication(int node, String name, long epoch, long seq, Optional<NodeFeatures> self, List<EdgeFeatures> edges) {
    Publication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(self, "self");
        edges = List.copyOf(edges);
        for (EdgeFeatures e : edges) {
            if (e.from() != node) {
                throw new IllegalArgumentException("edge " + e.from() + "->" + e.to() + " does not start at node " + node);
            }
        }
        if (self.isPresent() && self.get().node() != node) {
            throw new IllegalArgumentException("features of node " + self.get().node() + " published by node " + node);
        }
    }

    /** Whether this publication is newer than {@code other}'s version (epoch, then seq). */
    boolean newerThan(long otherEpoch, long otherSeq) {
        return epoch > otherEpoch || (epoch == otherEpoch && seq > otherSeq);
    }
}
