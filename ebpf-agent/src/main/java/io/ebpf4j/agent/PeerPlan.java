package io.ebpf4j.agent;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer as the agent registers it in the mesh filter ({@code IdentityRegistry.register}, then its
 * policy and port rules).
 *
 * @param id           its SPIFFE ID
 * @param cidrs        the prefixes its traffic comes from
 * @param action       its policy; empty: the filter's default action applies
 * @param probeAddress where it is probed; empty: not probed
 * @param portRules    rules per destination port
 * @param binding      its identity binding; empty: its source prefixes alone identify it
 */
public record PeerPlan(SpiffeId id, List<Cidr> cidrs, Optional<Action> action, Optional<InetAddress> probeAddress,
        List<PortRule> portRules, Optional<BindingPlan> binding) {
    /** A peer without a binding. */
    public PeerPlan(SpiffeId id, List<Cidr> cidrs, Optional<Action> action, Optional<InetAddress> probeAddress,
            List<PortRule> portRules) {
        this(id, cidrs, action, probeAddress, portRules, Optional.empty());
    }

    public PeerPlan {
        Objects.requireNonNull(id, "id");
        cidrs = List.copyOf(cidrs);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(probeAddress, "probeAddress");
        portRules = List.copyOf(portRules);
        Objects.requireNonNull(binding, "binding");
    }
}
