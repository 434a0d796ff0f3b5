package io.ebpf4j.agent;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * A service the node reaches, as the heal loop uses it: checked while routed around, rerouted to
 * its first replica when its node is sick.
 *
 * @param name      its name
 * @param addresses its prefixes
 * @param port      its TCP port
 * @param servedBy  the node serving it
 * @param replicas  the nodes that can serve its addresses instead, in order of preference
 */
public record ServicePlan(String name, List<Cidr> addresses, int port, SpiffeId servedBy, List<SpiffeId> replicas) {
    public ServicePlan {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(servedBy, "servedBy");
        replicas = List.copyOf(replicas);
    }
}
