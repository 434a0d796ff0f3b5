package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import java.util.List;

/**
 * One item of {@code services:}: a service this node reaches, where it lives and who can stand in
 * for it. The heal loop checks it while it routes around a fault and, when the node serving it is
 * sick, sends its addresses to a replica instead ({@code reroute-to-replica}).
 *
 * <pre>{@code
 * services:
 *   - name: orders                           # required, unique
 *     addresses: [198.19.0.2/32]             # required: the service's addresses (its VIP prefixes)
 *     port: 7002                             # required: its TCP port
 *     servedBy: spiffe://mesh.example/node/b # required: the peer (or this node) that serves it
 *     replicas: [spiffe://mesh.example/node/c]   # peers that serve the same addresses, in order of preference
 * }</pre>
 *
 * @param name      the service's name (required, unique)
 * @param addresses the prefixes its clients send to (required, at least one)
 * @param port      its TCP port, 1..65535 (required)
 * @param servedBy  the SPIFFE ID of the node serving it: a peer, or this node (required)
 * @param replicas  SPIFFE IDs of peers (or this node) that also serve {@code addresses}; the first is
 *                  the one traffic goes to when {@code servedBy} is sick
 */
public record ServiceConfig(String name, List<Cidr> addresses, Integer port, SpiffeId servedBy, List<SpiffeId> replicas) {
    public ServiceConfig {
        addresses = Lists.copy(addresses);
        replicas = Lists.copy(replicas);
    }
}
