package io.ebpf4j.agent.config;

import java.util.List;

/**
 * The {@code gossip:} section: how the agent shares its view of the mesh with the other nodes'
 * agents. Without {@code bind} the agent runs alone (no view from other nodes).
 *
 * <pre>{@code
 * gossip:
 *   bind: 10.0.1.1:7950                          # an IP address and port, 1..65535
 *   seeds: [10.0.1.2:7950, node-c.mesh.example:7950]   # members to join through (host names allowed)
 *   auth: {keyFile: /etc/ebpf4j/gossip.keys}     # HMAC-SHA256 on every message, see GossipAuthConfig
 * }</pre>
 *
 * @param bind  the address the membership protocol binds (an IP literal); null: no gossip
 * @param seeds members to contact when joining; empty: this node starts the cluster
 * @param auth  message authentication; null: gossip is not authenticated
 */
public record GossipConfig(HostPort bind, List<HostPort> seeds, GossipAuthConfig auth) {
    public GossipConfig {
        seeds = Lists.copy(seeds);
    }

    /** Gossip without message authentication. */
    public GossipConfig(HostPort bind, List<HostPort> seeds) {
        this(bind, seeds, null);
    }

    /** Whether the agent gossips. */
    public boolean on() {
        return bind != null;
    }
}
