package io.ebpf4j.agent;

import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import java.util.Objects;

/**
 * A rule for a peer's traffic to one destination port ({@code MeshFilter.rule}).
 *
 * @param protocol the L4 protocol
 * @param port     the destination port, 0 for any
 * @param action   what the filter does
 */
public record PortRule(IpProtocol protocol, int port, Action action) {
    public PortRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(action, "action");
    }
}
