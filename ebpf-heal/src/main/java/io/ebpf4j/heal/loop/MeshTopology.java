package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.List;

/**
 * What the loop must know of the mesh to act on it: nodes, their direct links (the address each end
 * has on it and the interface it leaves by), where each node's service lives (its VIP prefix, which
 * nodes serve it) and each node's route table. The experiment's mesh implements it; a real node
 * would fill it from its configuration.
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

    /** {@code node}'s interface on its direct link to {@code peer}. */
    String ifname(int node, int peer);

    /** The service prefix of {@code owner} (e.g. {@code 198.19.0.2/32}). */
    String servicePrefix(int owner);

    /** The node that serves {@code owner}'s service when {@code owner} cannot. */
    int replica(int owner);

    /** The route table of {@code node}. */
    Routes routes(int node);
}
