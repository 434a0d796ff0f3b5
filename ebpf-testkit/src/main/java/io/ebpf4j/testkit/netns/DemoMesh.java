package io.ebpf4j.testkit.netns;

import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small mesh of network namespaces joined by veth pairs, for demos and kernel tests. Node
 * {@code i} is the namespace {@link #netns(int)}; each {@link Link} joins two nodes with a veth pair
 * on its own subnets: an IPv4 /29 from the benchmarking range 198.18.0.0/15 (198.18.0.8k+1 and +2
 * for link k; {@link #addAddress} can add +3 to +6) and an IPv6 ULA /64 ({@code fd00:e4:k::1} and {@code ::2}).
 *
 * <p>{@link #fullMesh(int)} joins every pair (3 nodes: a triangle), {@link #line(int)} joins
 * neighbours. Creation waits until no IPv6 address is tentative (duplicate address detection
 * holds neighbour discovery, and so every IPv6 packet, until it ends). Names carry a random suffix
 * so concurrent users never collide. {@link #close()} deletes every namespace (and with them the
 * veth pairs), a shutdown hook does it too if the JVM ends first, and a watchdog process does it if
 * the JVM is killed (SIGKILL) before either could run. Needs CAP_SYS_ADMIN and
 * CAP_NET_ADMIN and the {@code ip} command.
 */
public final class DemoMesh implements AutoCloseable {
    /** One end of a link: the interface {@code ifname} in node {@code node}'s namespace. */
    public record Endpoint(int node, String ifname, String ipv4, String ipv6) {}

    /** A veth pair joining two nodes. */
    public record Link(int index, Endpoint a, Endpoint b) {
        /** The end in {@code node}, or null when the link does not touch it. */
        public Endpoint end(int node) {
            return a.node() == node ? a : b.node() == node ? b : null;
        }

        /** The end opposite {@code node}'s. */
        public Endpoint peer(int node) {
            return a.node() == node ? b : b.node() == node ? a : null;
        }
    }

    private final String suffix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final CleanupHook cleanup;
    private Watchdog watchdog;

    private DemoMesh(String suffix) {
        this.suffix = suffix;
        this.cleanup = new CleanupHook("demo-mesh-cleanup-" + suffix, this::remove);
    }

    /** {@code nodes} namespaces with a link between every pair (2 to 8 nodes). */
    public static DemoMesh fullMesh(int nodes) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                pairs.add(new int[] {i, j});
            }
        }
        return create(nodes, pairs);
    }

    /** {@code nodes} namespaces in a line: node i linked to node i+1 (2 to 8 nodes). */
    public static DemoMesh line(int nodes) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < nodes; i++) {
            pairs.add(new int[] {i, i + 1});
        }
        return create(nodes, pairs);
    }

    private static DemoMesh create(int nodes, List<int[]> pairs) {
        if (nodes < 2 || nodes > 8) {
            throw new IllegalArgumentException("a demo mesh has 2 to 8 nodes, not " + nodes);
        }
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36 * 36), 36);
        DemoMesh m = new DemoMesh(suffix);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            names.add("e4jd" + suffix + "-n" + i);
        }
        m.watchdog = Watchdog.start(names);
        try {
            for (int i = 0; i < nodes; i++) {
                String ns = names.get(i);
                synchronized (m) {
                    m.namespaces.add(ns);
                }
                Commands.run("ip", "netns", "add", ns);
                Commands.run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            for (int[] p : pairs) {
                m.addLink(p[0], p[1]);
            }
            for (Link l : m.links) {
                m.waitUntilNoTentativeAddress(l.a());
                m.waitUntilNoTentativeAddress(l.b());
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private void addLink(int x, int y) {
        int k = links.size();
        Endpoint a = new Endpoint(x, "e4j" + suffix + "l" + k + "a", "198.18." + (8 * k / 256) + "." + (8 * k % 256 + 1),
                "fd00:e4:" + Integer.toHexString(k) + "::1");
        Endpoint b = new Endpoint(y, "e4j" + suffix + "l" + k + "b", "198.18." + (8 * k / 256) + "." + (8 * k % 256 + 2),
                "fd00:e4:" + Integer.toHexString(k) + "::2");
        Commands.run("ip", "link", "add", a.ifname(), "netns", netns(x), "type", "veth", "peer", "name", b.ifname(),
                "netns", netns(y));
        links.add(new Link(k, a, b));
        for (Endpoint e : List.of(a, b)) {
            String ns = netns(e.node());
            Commands.run("ip", "-n", ns, "addr", "add", e.ipv4() + "/29", "dev", e.ifname());
            Commands.run("ip", "-n", ns, "addr", "add", e.ipv6() + "/64", "dev", e.ifname(), "nodad");
            Commands.run("ip", "-n", ns, "link", "set", e.ifname(), "up");
        }
    }

    private void waitUntilNoTentativeAddress(Endpoint e) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String ns = netns(e.node());
        while (!Commands.run("ip", "-n", ns, "-6", "addr", "show", "dev", e.ifname(), "tentative").isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("IPv6 addresses of " + e.ifname() + " in " + ns + " stayed tentative");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    /** The random suffix every name of this mesh carries. */
    public String suffix() {
        return suffix;
    }

    /** Number of nodes. */
    public synchronized int size() {
        return namespaces.size();
    }

    /** The network namespace of node {@code node} (for {@link NetNs#run}). */
    public synchronized String netns(int node) {
        return namespaces.get(node);
    }

    /** Every namespace, by node. */
    public synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /** Every link. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    /** The links touching {@code node}. */
    public List<Link> links(int node) {
        return links.stream().filter(l -> l.end(node) != null).toList();
    }

    /** The ends of {@code node}'s links that lie in {@code node} (its interfaces). */
    public List<Endpoint> endpoints(int node) {
        return links(node).stream().map(l -> l.end(node)).toList();
    }

    /** Adds another address (with prefix, e.g. {@code 198.18.0.5/29}) to an interface of a node. */
    public void addAddress(int node, String ifname, String cidr) {
        if (cidr.contains(":")) {
            Commands.run("ip", "-n", netns(node), "addr", "add", cidr, "dev", ifname, "nodad");
        } else {
            Commands.run("ip", "-n", netns(node), "addr", "add", cidr, "dev", ifname);
        }
    }

    /** Runs a command inside node {@code node}'s namespace and returns its output. */
    public String exec(int node, String... command) {
        return Commands.inNetns(netns(node), command);
    }

    /** Deletes every namespace (and so every veth pair) this mesh created; idempotent. */
    @Override
    public void close() {
        cleanup.run();
    }

    private synchronized void remove() {
        for (Link l : links) {
            Commands.quiet("ip", "-n", netns(l.a().node()), "link", "del", l.a().ifname());
        }
        for (String ns : namespaces) {
            Commands.quiet("ip", "netns", "del", ns);
        }
        if (watchdog != null) {
            watchdog.cancel();
        }
    }
}
