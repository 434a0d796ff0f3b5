package io.ebpf4j.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A peer's {@code binding:} ({@code MeshGuards.bind}, {@code IdentityBinding}): what the peer's frames
 * must show beyond their source address. A frame from the peer's cidrs that breaks the binding is
 * counted ({@code ebpf4j_mesh_guard_*}) and, with {@code drop}, dropped.
 *
 * <pre>{@code
 * peers:
 *   - spiffeId: spiffe://mesh.example/node/b
 *     cidrs: [10.0.1.2/32]
 *     binding:
 *       interface: eth1            # one of node.interfaces: the peer's frames come in there
 *       mac: 02:00:00:00:01:02     # the one-hop neighbour's MAC address (a direct link only)
 *       drop: true                 # drop frames breaking the binding (default true; false: count only)
 * }</pre>
 *
 * At least one of {@code interface} and {@code mac}. Without IPsec, WireGuard or mTLS above, an
 * identity is an address: the binding narrows who can claim it to frames arriving where, and from the
 * neighbour, the peer is known to be (docs/SECURITY.md).
 *
 * @param ifname the interface (key {@code interface}); null: any of the node's interfaces
 * @param mac    the neighbour's MAC address like {@code 02:00:00:00:01:02}; null: any
 * @param drop   whether frames breaking the binding are dropped; null: true
 */
public record PeerBindingConfig(@JsonProperty("interface") String ifname, String mac, Boolean drop) {
    /** Whether frames breaking the binding are dropped (default true). */
    public boolean effectiveDrop() {
        return drop == null || drop;
    }
}
