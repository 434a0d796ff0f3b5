package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as its heal loop sees it: its number in the telemetry graph, its identity and namespace,
 * the neighbours it probes (a neighbour's probe address, on the direct link, is also the next hop of
 * every route this node sends through it) and the services it reaches. A loop heals this node only:
 * its routes (in its {@link io.ebpf4j.heal.act.HealTable}) and its filter.
 *
 * <p>Node numbers are the graph's: every loop that shares a {@link SharedView} must number the nodes
 * the same way (the experiment by mesh position, the agents by their sorted SPIFFE IDs).
 *
 * @param node       this node's number
 * @param id         its SPIFFE ID
 * @param netns      its network namespace name, or null for the current one (the agent's)
 * @param neighbours its directly linked neighbours
 * @param services   the services it reaches, its own included
 */
public record HealNode(int node, SpiffeId id, String netns, List<Neighbour> neighbours, List<MeshService> services) {
    public HealNode {
        Objects.requireNonNull(id, "id");
        neighbours = List.copyOf(neighbours);
        services = List.copyOf(services);
        for (Neighbour n : neighbours) {
            if (n.node() == node) {
                throw new IllegalArgumentException("node " + node + " is not its own neighbour");
            }
        }
    }

    /**
     * Node {@code node} of {@code mesh}: its neighbours at their addresses on the direct links, and a
     * service per node (its service prefix, TCP port {@code servicePort}, its replica).
     */
    public static HealNode of(MeshTopology mesh, int node, String netns, int servicePort) {
        List<Neighbour> nbs = new ArrayList<>();
        for (int p : mesh.neighbours(node)) {
            nbs.add(new Neighbour(p, mesh.spiffeId(p), InetAddress.ofLiteral(mesh.linkAddress(p, node))));
        }
        List<MeshService> services = new ArrayList<>();
        for (int j = 0; j < mesh.size(); j++) {
            int r = mesh.replica(j);
            services.add(new MeshService("service-" + j, List.of(mesh.servicePrefix(j)), servicePort, j,
                    r == j ? List.of() : List.of(r)));
        }
        return new HealNode(node, mesh.spiffeId(node), netns, nbs, services);
    }

    /** The neighbour {@code peer}, if it is one. */
    public Optional<Neighbour> neighbour(int peer) {
        return neighbours.stream().filter(n -> n.node() == peer).findFirst();
    }

    /** The services {@code owner} serves, in order. */
    public List<MeshService> servicesOf(int owner) {
        return services.stream().filter(s -> s.owner() == owner).toList();
    }

    /** Where {@code owner}'s services go when it is sick: the first replica of its first service; {@code owner} when none. */
    public int replica(int owner) {
        return servicesOf(owner).stream().filter(s -> !s.replicas().isEmpty()).map(s -> s.replicas().getFirst())
                .findFirst().orElse(owner);
    }

    /** The node whose service {@code address} belongs to (the most specific prefix), if any. */
    public Optional<Integer> ownerOf(InetAddress address) {
        Cidr host = Cidr.of(address);
        int best = -1;
        int owner = -1;
        for (MeshService s : services) {
            for (String p : s.prefixes()) {
                Cidr c = Cidr.parse(p);
                if (c.prefixLength() > best && c.addressBytes() == host.addressBytes() && c.contains(host)) {
                    best = c.prefixLength();
                    owner = s.owner();
                }
            }
        }
        return owner < 0 ? Optional.empty() : Optional.of(owner);
    }

    /** The service one of whose prefixes is exactly {@code prefix}, if any. */
    public Optional<MeshService> serviceWithPrefix(String prefix) {
        String p = io.ebpf4j.heal.act.Route.normalise(prefix);
        return services.stream().filter(s -> s.prefixes().contains(p)).findFirst();
    }
}
