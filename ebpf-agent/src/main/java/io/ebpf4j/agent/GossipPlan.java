package io.ebpf4j.agent;

import io.ebpf4j.agent.config.HostPort;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Membership and gossip with the other agents.
 *
 * @param bind  the address the membership protocol binds; empty: the agent runs alone
 * @param seeds the members to join through (resolved when joining)
 * @param authKeyFile the file of the mesh's gossip keys (HMAC-SHA256 on every message, read when the
 *                    view starts); empty: gossip is not authenticated
 */
public record GossipPlan(Optional<InetSocketAddress> bind, List<HostPort> seeds, Optional<Path> authKeyFile) {
    public GossipPlan {
        Objects.requireNonNull(bind, "bind");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(authKeyFile, "authKeyFile");
    }

    /** Gossip without message authentication. */
    public GossipPlan(Optional<InetSocketAddress> bind, List<HostPort> seeds) {
        this(bind, seeds, Optional.empty());
    }
}
