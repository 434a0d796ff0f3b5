package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;

/**
 * One item of a peer's {@code ports:}: what the mesh filter does with the peer's traffic to one
 * destination port, before the peer's own action ({@code MeshFilter.rule}).
 *
 * <pre>{@code
 * ports:
 *   - {protocol: tcp, port: 22, action: deny}
 *   - {protocol: icmp, action: allow}          # port 0 (the default): any port; ICMP has only 0
 * }</pre>
 *
 * @param protocol tcp | udp | icmp | icmpv6 (required)
 * @param port     the destination port, 1..65535, or 0 for any port (null: 0)
 * @param action   allow | deny (required)
 */
public record PortRuleConfig(IpProtocol protocol, Integer port, Action action) {
    /** The port, 0 (any) when not given. */
    public int effectivePort() {
        return port == null ? 0 : port;
    }
}
