package io.ebpf4j.heal.experiment.mesh;

import io.ebpf4j.heal.act.IpRoutes;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.DemoMesh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * The self-healing experiment's network: a full mesh of {@code n} namespaces ({@link DemoMesh}),
 * forwarding on and reverse-path filtering off everywhere, IPv6 addresses kept while a link is down
 * ({@code keep_addr_on_down}, so a downed link comes back whole), a service VIP per node and static
 * routes.
 *
 * <ul>
 *   <li>VIP of node {@code j}: {@code V_j = 198.19.0.(j+1)/32} on {@code lo} of node {@code j} and of
 *       its replica {@code (j+1) % n}.</li>
 *   <li>Node address of node {@code j}: {@code N_j = 198.20.0.(j+1)/32} on {@code lo} of node {@code j}
 *       alone, reached by every other node over its direct link. It belongs to no link, so a fault of one
 *       link leaves it reachable from the other nodes: the agents gossip on it (a member whose gossip
 *       address sat on one link turned suspect with that link, and its link faults looked like node
 *       faults).</li>
 *   <li>Default routes: node {@code i} reaches {@code V_j} via {@code j}'s address on link i-j, for
 *       every {@code j != i} whose VIP is not local ({@code i != replica(j)}).</li>
 *   <li>Return routes: node {@code i} reaches node {@code a}'s address on a link a-b that does not
 *       touch {@code i} via {@code b} (its direct neighbour). A request that node {@code a} reroutes
 *       through {@code b} leaves with its a-b address as source; the answer then goes back the same
 *       way instead of having no route.</li>
 * </ul>
 *
 * <p>{@link #close()} deletes the namespaces and with them every interface, address, route, qdisc
 * and tc program in them. Needs root and the {@code ip} and {@code sysctl} commands.
 */
public final class HealMesh implements AutoCloseable {
    /** Trust domain of the nodes' SPIFFE IDs. */
    public static final String TRUST_DOMAIN = "heal.ebpf4j.io";

    private final DemoMesh mesh;
    private final int n;

    private HealMesh(DemoMesh mesh) {
        this.mesh = mesh;
        this.n = mesh.size();
    }

    /** A mesh of 5 nodes. */
    public static HealMesh create() {
        return create(5);
    }

    /** A full mesh of {@code nodes} (3 to 8) nodes, configured as described above. */
    public static HealMesh create(int nodes) {
        if (nodes < 3 || nodes > 8) {
            throw new IllegalArgumentException("a heal mesh has 3 to 8 nodes, not " + nodes);
        }
        DemoMesh demo = DemoMesh.fullMesh(nodes);
        HealMesh m = new HealMesh(demo);
        try {
            for (int i = 0; i < nodes; i++) {
                m.configure(i);
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private void configure(int i) {
        List<String> sysctl = new ArrayList<>(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0", "net.ipv4.conf.lo.rp_filter=0",
                "net.ipv6.conf.all.keep_addr_on_down=1"));
        for (DemoMesh.Endpoint e : mesh.endpoints(i)) {
            sysctl.add("net.ipv4.conf." + e.ifname() + ".rp_filter=0");
            sysctl.add("net.ipv6.conf." + e.ifname() + ".keep_addr_on_down=1");
        }
        mesh.exec(i, sysctl.toArray(String[]::new));
        List<String> batch = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (j == i || replica(j) == i) {
                batch.add("addr add " + vipAddress(j) + "/32 dev lo");
            }
        }
        batch.add("addr add " + nodeAddress(i) + "/32 dev lo");
        for (Route r : staticRoutes(i)) {
            batch.add("route add " + r.prefix() + " via " + r.via());
        }
        ipBatch(i, batch);
    }

    private void ipBatch(int node, List<String> lines) {
        try {
            Path f = Files.createTempFile("heal-mesh-" + mesh.suffix(), ".ip");
            try {
                Files.write(f, lines);
                Commands.run("ip", "-n", netns(node), "-batch", f.toString());
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of nodes. */
    public int size() {
        return n;
    }

    /** The underlying namespaces and links. */
    public DemoMesh mesh() {
        return mesh;
    }

    /** Network namespace of node {@code i}. */
    public String netns(int i) {
        return mesh.netns(check(i));
    }

    /** Every node but {@code i} (a full mesh: all are direct neighbours), ascending. */
    public List<Integer> neighbours(int i) {
        check(i);
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (j != i) {
                out.add(j);
            }
        }
        return out;
    }

    /** The node that also serves {@code j}'s VIP: {@code (j + 1) % n}. */
    public int replica(int j) {
        return (check(j) + 1) % n;
    }

    /** {@code V_j}, the service address of node {@code j}, as text ({@code 198.19.0.(j+1)}). */
    public String vipAddress(int j) {
        return "198.19.0." + (check(j) + 1);
    }

    /** {@code V_j} as an address. */
    public InetAddress vip(int j) {
        return InetAddress.ofLiteral(vipAddress(j));
    }

    /** {@code V_j}'s host prefix, {@code 198.19.0.(j+1)/32}: the prefix reroutes move. */
    public String vipPrefix(int j) {
        return vipAddress(j) + "/32";
    }

    /** {@code N_j}, node {@code j}'s own address on its {@code lo} ({@code 198.20.0.(j+1)}): on no link. */
    public String nodeAddress(int j) {
        return "198.20.0." + (check(j) + 1);
    }

    /** Node {@code i}'s route to {@code N_j} ({@code j != i}): over the direct link, via {@code j}'s address on it. */
    public Route nodeRoute(int i, int j) {
        if (check(i) == check(j)) {
            throw new IllegalArgumentException("node " + i + " has its own address locally");
        }
        return Route.via(nodeAddress(j) + "/32", linkAddress(j, i));
    }

    /** The link between {@code a} and {@code b}. */
    public DemoMesh.Link link(int a, int b) {
        check(a);
        check(b);
        return mesh.links().stream().filter(l -> l.end(a) != null && l.end(b) != null && a != b).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no link between " + a + " and " + b));
    }

    /** {@code node}'s IPv4 address on the link to {@code peer}. */
    public String linkAddress(int node, int peer) {
        return link(node, peer).end(node).ipv4();
    }

    /** {@code node}'s interface on the link to {@code peer}. */
    public String ifname(int node, int peer) {
        return link(node, peer).end(node).ifname();
    }

    /** SPIFFE ID of node {@code i}: {@code spiffe://heal.ebpf4j.io/node/i}. */
    public SpiffeId spiffeId(int i) {
        return SpiffeId.of(TRUST_DOMAIN, "node", Integer.toString(check(i)));
    }

    /**
     * Node {@code i}'s addresses as host prefixes: every link address, then {@code V_i}, then {@code N_i},
     * for identity registration.
     */
    public List<String> prefixes(int i) {
        List<String> out = new ArrayList<>();
        for (DemoMesh.Endpoint e : mesh.endpoints(check(i))) {
            out.add(e.ipv4() + "/32");
        }
        out.add(vipPrefix(i));
        out.add(nodeAddress(i) + "/32");
        return out;
    }

    /** The routing table of node {@code i}. */
    public Routes routes(int i) {
        return new IpRoutes(netns(i));
    }

    /** Node {@code i}'s default route to {@code V_j}; empty when {@code V_j} is local to {@code i}. */
    public Optional<Route> defaultRoute(int i, int j) {
        check(i);
        check(j);
        if (i == j || replica(j) == i) {
            return Optional.empty();
        }
        return Optional.of(Route.via(vipPrefix(j), linkAddress(j, i)));
    }

    /**
     * A route for node {@code node} sending {@code V_vipOwner} to neighbour {@code nextHop} (its
     * address on link node-nextHop): the replacement a reroute installs. {@code nextHop} forwards with
     * its own default route, or serves the VIP itself when it is the replica.
     */
    public Route routeVia(int node, int vipOwner, int nextHop) {
        if (node == nextHop) {
            throw new IllegalArgumentException("node " + node + " cannot be its own next hop");
        }
        return Route.via(vipPrefix(vipOwner), linkAddress(nextHop, node));
    }

    /** Node {@code i}'s return route to {@code a}'s address on link a-b ({@code i} not on it): via {@code b}. */
    public Route returnRoute(int i, int a, int b) {
        if (i == a || i == b || a == b) {
            throw new IllegalArgumentException("node " + i + " is on link " + a + "-" + b);
        }
        return Route.via(linkAddress(a, b) + "/32", linkAddress(b, i));
    }

    /** Every static route of node {@code i}: its default routes, its node routes, then its return routes. */
    public List<Route> staticRoutes(int i) {
        List<Route> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            defaultRoute(i, j).ifPresent(out::add);
        }
        for (int j = 0; j < n; j++) {
            if (j != i) {
                out.add(nodeRoute(i, j));
            }
        }
        for (DemoMesh.Link l : mesh.links()) {
            if (l.end(i) == null) {
                out.add(returnRoute(i, l.a().node(), l.b().node()));
                out.add(returnRoute(i, l.b().node(), l.a().node()));
            }
        }
        return out;
    }

    /**
     * Adds every static route (default and return routes) that is missing entirely: a downed link
     * removes the routes through it. A route that is there, rerouted or not, is left alone, and one
     * that cannot be added (its link still down) is skipped.
     *
     * @return the routes added, by node
     */
    public List<NodeRoute> reinstallDefaultRoutesMissing() {
        List<NodeRoute> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Routes routes = routes(i);
            Set<String> present = new HashSet<>();
            routes.list().forEach(r -> present.add(r.prefix()));
            for (Route r : staticRoutes(i)) {
                if (!present.contains(r.prefix())) {
                    try {
                        routes.replace(r);
                        added.add(new NodeRoute(i, r));
                    } catch (IllegalStateException e) {
                        // next hop unreachable (link down): nothing to reinstall yet
                    }
                }
            }
        }
        return added;
    }

    /** A route of node {@code node}. */
    public record NodeRoute(int node, Route route) {}

    private int check(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("node " + i + " of a " + n + "-node mesh");
        }
        return i;
    }

    /** Deletes every namespace (and everything in them); idempotent. */
    @Override
    public void close() {
        mesh.close();
    }

    @Override
    public String toString() {
        return "HealMesh[" + n + " nodes, " + mesh.suffix() + "]";
    }
}
