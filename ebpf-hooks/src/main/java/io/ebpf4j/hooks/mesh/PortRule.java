package io.ebpf4j.hooks.mesh;

import java.util.Objects;

/**
 * What a port rule of {@link MeshFilter#rule} applies to: traffic over {@code protocol} to destination
 * {@code port} (0: any port of the protocol).
 *
 * @param protocol the L4 protocol
 * @param port     the destination port, 0..65535 for TCP and UDP (0 = any), only 0 for ICMP and ICMPv6
 */
public record PortRule(IpProtocol protocol, int port) {
    /** Validates the port against the protocol. */
    public PortRule {
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65535 || (port != 0 && !protocol.hasPorts())) {
            throw new IllegalArgumentException("port " + port + " is not valid for " + protocol
                    + " (0..65535 for TCP/UDP, 0 = any port; only 0 for ICMP)");
        }
    }
}
