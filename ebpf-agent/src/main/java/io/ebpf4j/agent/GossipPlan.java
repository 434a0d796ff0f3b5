package io.ebpf4j.agent;

import io.ebpf4j.agent.config.HostPort;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Membership and gossip with the other agents.
 *
 * @param bind  the address the membership protocol binds; empty: the agent runs alone
 * @param seeds the members to join through (resolved when joining)
 */
public record GossipPlan(Optional<InetSocketAddress> bind, List<HostPort> seeds) {
    public GossipPlan {
        Objects.requireNonNull(bind, "bind");
        seeds = List.copyOf(seeds);
    }
}
