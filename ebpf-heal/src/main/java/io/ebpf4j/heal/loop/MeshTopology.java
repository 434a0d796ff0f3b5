package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.List;

/**
 * A whole mesh as the loops of one process see it (the experiment): nodes, their direct links (the
 * address each end has on it), where each node's service lives (its VIP prefix, which node stands in
 * for it). {@link HealNode#of} turns it into each node's description; an agent describes its own node
 * from its configuration instead.
 */
public interface MeshTopology {
    /** Number of nodes, numbered 0..size-1. */
    int size();

    /** The SPIFFE ID of {@code node}. */
    SpiffeId spiffeId(int node);

    /** The directly linked neighbours of {@code node}. */
    List<Integer> neighbours(int node);

    /** {@code node}'s IPv4 address on its direct link to {@code peer}. */
    String linkAddress(int node, int peer);

    /** The service prefix of {@code owner} (e.g. {@code 198.19.0.2/32}). */
    String servicePrefix(int owner);

    /** The node that serves {@code owner}'s service when {@code owner} cannot. */
    int replica(int owner);
}
