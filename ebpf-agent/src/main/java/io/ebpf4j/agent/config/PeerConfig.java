package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * One item of {@code peers:}: a SPIFFE identity, the prefixes its traffic comes from, and what the
 * mesh filter does with it ({@code IdentityRegistry.register}, {@code MeshFilter.allow/deny/rule}).
 *
 * <pre>{@code
 * peers:
 *   - spiffeId: spiffe://mesh.example/node/b   # required, once per file
 *     cidrs: [10.0.1.0/24, fd00:1::/64]        # required, at least one
 *     action: allow                            # allow | deny; absent: defaultAction applies
 *     probeAddress: 10.0.1.2                   # probe the peer here (inside one of its cidrs); absent: not probed
 *     ports: [...]                             # see PortRuleConfig
 *     binding: {...}                           # see PeerBindingConfig; absent: the source prefix alone
 * }</pre>
 *
 * @param spiffeId     the peer's SPIFFE ID (required, unique)
 * @param cidrs        the prefixes the peer's traffic comes from (required, at least one)
 * @param action       the peer's policy; null: the file's {@code defaultAction}
 * @param probeAddress where to send the peer probes (an address in one of {@code cidrs}, normally its
 *                     address on the direct link); null: the peer is not probed
 * @param ports        rules per destination port, taking precedence over {@code action}
 * @param binding      where the peer's frames must come from beyond its prefixes; null: not bound
 */
public record PeerConfig(SpiffeId spiffeId, List<Cidr> cidrs, Action action, InetAddress probeAddress,
        List<PortRuleConfig> ports, PeerBindingConfig binding) {
    public PeerConfig {
        cidrs = Lists.copy(cidrs);
        ports = Lists.copy(ports);
    }

    /** A peer without a binding. */
    public PeerConfig(SpiffeId spiffeId, List<Cidr> cidrs, Action action, InetAddress probeAddress,
            List<PortRuleConfig> ports) {
        this(spiffeId, cidrs, action, probeAddress, ports, null);
    }
}
