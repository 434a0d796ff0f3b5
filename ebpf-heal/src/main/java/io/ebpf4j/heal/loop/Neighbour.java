package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A neighbour of the node a loop runs for: its node number, SPIFFE ID and the address this node
 * probes it at (its address on the direct link, so the probes measure that link whatever the routes).
 */
public record Neighbour(int node, SpiffeId id, InetAddress probeAddress) {
    public Neighbour {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(probeAddress, "probeAddress");
    }
}
