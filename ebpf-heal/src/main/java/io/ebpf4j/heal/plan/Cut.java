package io.ebpf4j.heal.plan;

/**
 * What an action takes away from a node's connectivity; the {@link LastPathGuard} refuses an
 * action whose cut leaves no healthy alternative.
 */
public sealed interface Cut {
    /** The node that loses something. */
    int node();

    /** Whether {@code oracle} says the node keeps a healthy way after this cut. */
    boolean survivable(PathOracle oracle);

    /** A short description for the guard's reason. */
    String describe();

    /** {@code node} stops using its direct link to {@code peer}: needs a detour to {@code peer}. */
    record Link(int node, int peer) implements Cut {
        @Override
        public boolean survivable(PathOracle oracle) {
            return oracle.hasAlternative(node, peer);
        }

        @Override
        public String describe() {
            return "node " + node + " has no healthy detour to node " + peer;
        }
    }

    /** {@code node} stops sending {@code owner}'s service to {@code owner}: needs a healthy link to {@code replica}. */
    record ToReplica(int node, int owner, int replica) implements Cut {
        @Override
        public boolean survivable(PathOracle oracle) {
            return oracle.linkHealthy(node, replica);
        }

        @Override
        public String describe() {
            return "node " + node + " has no healthy link to replica " + replica + " of node " + owner;
        }
    }

    /** {@code node} denies {@code peer}: needs another reachable neighbour. */
    record Peer(int node, int peer) implements Cut {
        @Override
        public boolean survivable(PathOracle oracle) {
            return oracle.hasOtherReachablePeer(node, peer);
        }

        @Override
        public String describe() {
            return "node " + node + " would deny its last reachable peer " + peer;
        }
    }
}
