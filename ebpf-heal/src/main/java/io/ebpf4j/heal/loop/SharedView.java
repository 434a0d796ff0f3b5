package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.List;
import java.util.Map;

/**
 * The shared part of the Knowledge: the latest analysed edges and node features that every node's loop
 * publishes, from which each loop takes a {@link TelemetryGraph} snapshot to localise faults, plus
 * what the view knows of the other nodes' agents (membership evidence). A node alone sees only its own
 * links; telling a sick link (one edge) from a sick node (all its edges) needs its neighbours' view
 * too, and a node whose agent stopped answering is a node fault, not a fault of its links.
 *
 * <p>Implementations: {@link MeshView} shares the records through memory (all nodes' loops in one
 * process, as the experiment runs them); the agent's gossip view carries them between processes.
 * Implementations are thread-safe.
 */
public interface SharedView {
    /** Publishes node {@code from}'s analysed edges (replacing its previous ones to the same peers). */
    void publishEdges(List<EdgeFeatures> analysed);

    /** Publishes a node's own features (replacing its previous ones). */
    void publishNode(NodeFeatures n);

    /** A snapshot of the latest records of every node, taken at {@code monoNanos} ({@link System#nanoTime()}). */
    TelemetryGraph snapshot(long monoNanos);

    /**
     * Membership evidence: the state of each node's agent as the view knows it, by node number. Empty
     * when the view has no such evidence (in one process every node lives and dies with the view).
     */
    default Map<Integer, MemberState> membership() {
        return Map.of();
    }
}
