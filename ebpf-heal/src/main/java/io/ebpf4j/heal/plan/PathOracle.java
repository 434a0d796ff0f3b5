package io.ebpf4j.heal.plan;

import java.util.OptionalInt;

/**
 * What the planner may ask about the mesh's health before it takes a path away: the
 * {@link LastPathGuard} refuses an action that would leave a node without a healthy way to a
 * destination, and the default rules pick detours with it. {@link MeshPathOracle} answers from a
 * telemetry graph; implementations must be cheap (asked a few times per period) and side-effect free.
 */
public interface PathOracle {
    /** Whether {@code peer} is a direct neighbour of {@code node}. */
    boolean isNeighbour(int node, int peer);

    /** Whether the direct link between {@code a} and {@code b} exists and is healthy. */
    boolean linkHealthy(int a, int b);

    /**
     * A neighbour {@code k} (not {@code dest}) through which {@code node} reaches {@code dest} over
     * healthy links {@code node-k} and {@code k-dest}: a detour around the direct link; empty when the
     * direct link is the last path.
     */
    OptionalInt alternativeVia(int node, int dest);

    /** Whether {@code node} has a healthy detour to {@code dest} around their direct link. */
    default boolean hasAlternative(int node, int dest) {
        return alternativeVia(node, dest).isPresent();
    }

    /** Whether {@code node} keeps at least one neighbour other than {@code peer} over a healthy link. */
    boolean hasOtherReachablePeer(int node, int peer);
}
