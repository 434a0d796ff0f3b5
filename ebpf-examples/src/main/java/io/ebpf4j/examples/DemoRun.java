package io.ebpf4j.examples;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.testkit.netns.DemoMesh;
import io.ebpf4j.netns.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The embedded demo of {@code mesh-monitor}: a triangle of three network namespaces
 * ({@link DemoMesh#fullMesh(int)}), node N with SPIFFE ID {@code spiffe://demo.ebpf4j.io/node/N} and
 * its link addresses as CIDRs, a mesh filter attached in each namespace, probers between every pair,
 * and a little UDP and TCP traffic each {@link #tick()}: 20 datagrams and 4 KiB of TCP per ordered
 * pair, plus one datagram to a port every node denies ({@link #DENIED_PORT}). {@link #close()}
 * removes all of it (filters detached, sockets closed, namespaces deleted).
 */
final class DemoRun implements AutoCloseable {
    static final int NODES = 3;
    static final int UDP_PORT = 9000;
    static final int TCP_PORT = 9001;
    static final int DENIED_PORT = 9002;
    static final int PROBE_PORT = 7946;

    private final DemoMesh mesh;
    private final List<MeshFilter> filters = new ArrayList<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Flow> flows = new ArrayList<>();
    private boolean closed;

    /** UDP and TCP sockets of one ordered pair of nodes (created in the sender's namespace). */
    private record Flow(DatagramSocket udp, InetSocketAddress to, InetSocketAddress denied, OutputStream tcp) {}

    private DemoRun(DemoMesh mesh) {
        this.mesh = mesh;
    }

    static SpiffeId id(int node) {
        return SpiffeId.parse("spiffe://demo.ebpf4j.io/node/" + (node + 1));
    }

    /** Builds the whole demo; on failure removes what it created and rethrows. */
    static DemoRun start(Duration probeInterval) {
        DemoRun d = new DemoRun(DemoMesh.fullMesh(NODES));
        try {
            d.build(probeInterval);
            return d;
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    private void build(Duration probeInterval) {
        for (int n = 0; n < NODES; n++) {
            int node = n;
            String ns = mesh.netns(node);
            MeshFilter f = MeshFilter.builder().defaultAction(Action.ALLOW).probePort(PROBE_PORT).build();
            filters.add(f);
            for (int peer = 0; peer < NODES; peer++) {
                if (peer != node) {
                    f.identities().register(id(peer), cidrs(peer));
                    f.rule(id(peer), IpProtocol.UDP, DENIED_PORT, Action.DENY);
                }
            }
            NetNs.exec(ns, () -> mesh.endpoints(node).forEach(e -> f.attach(e.ifname())));
            resources.push(NetNs.run(ns, () -> udpSink(node)));
            resources.push(NetNs.run(ns, () -> tcpSink(node)));
        }
        for (int n = 0; n < NODES; n++) {
            int node = n;
            Prober.Builder pb = filters.get(node).prober().interval(probeInterval);
            for (DemoMesh.Link l : mesh.links(node)) {
                pb.target(id(l.peer(node).node()), InetAddress.ofLiteral(l.peer(node).ipv4()));
            }
            resources.push(NetNs.run(mesh.netns(node), pb::start));
            for (DemoMesh.Link l : mesh.links(node)) {
                DemoMesh.Endpoint from = l.end(node);
                DemoMesh.Endpoint to = l.peer(node);
                flows.add(NetNs.run(mesh.netns(node), () -> flow(from, to)));
            }
        }
    }

    private String[] cidrs(int node) {
        return mesh.endpoints(node).stream().flatMap(e -> java.util.stream.Stream.of(e.ipv4() + "/32", e.ipv6() + "/128"))
                .toArray(String[]::new);
    }

    private AutoCloseable udpSink(int node) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(UDP_PORT));
        Thread.ofPlatform().daemon().name("demo-udp-sink-" + node).start(() -> {
            byte[] buf = new byte[2048];
            while (!s.isClosed()) {
                try {
                    s.receive(new DatagramPacket(buf, buf.length));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return s;
    }

    private AutoCloseable tcpSink(int node) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(TCP_PORT));
        Thread.ofPlatform().daemon().name("demo-tcp-accept-" + node).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    Thread.ofPlatform().daemon().name("demo-tcp-sink-" + node).start(() -> drain(c));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void drain(Socket c) {
        try (c; InputStream in = c.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // connection closed by the demo's end
        }
    }

    private Flow flow(DemoMesh.Endpoint from, DemoMesh.Endpoint to) throws IOException {
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(from.ipv4()), 0));
        resources.push(udp);
        Socket tcp = new Socket();
        resources.push(tcp);
        tcp.connect(new InetSocketAddress(InetAddress.ofLiteral(to.ipv4()), TCP_PORT), 5000);
        InetAddress dst = InetAddress.ofLiteral(to.ipv4());
        return new Flow(udp, new InetSocketAddress(dst, UDP_PORT), new InetSocketAddress(dst, DENIED_PORT), tcp.getOutputStream());
    }

    /** Sends one round of traffic between every pair. */
    synchronized void tick() {
        if (closed) {
            return;
        }
        byte[] payload = new byte[64];
        byte[] chunk = new byte[4096];
        for (Flow f : flows) {
            try {
                for (int i = 0; i < 20; i++) {
                    f.udp().send(new DatagramPacket(payload, payload.length, f.to()));
                }
                f.udp().send(new DatagramPacket(payload, payload.length, f.denied()));
                f.tcp().write(chunk);
                f.tcp().flush();
            } catch (IOException e) {
                // a closed peer during shutdown; the next tick sees closed
            }
        }
    }

    DemoMesh mesh() {
        return mesh;
    }

    List<MeshFilter> filters() {
        return List.copyOf(filters);
    }

    /** Closes sockets and probers, detaches and closes the filters, deletes the namespaces; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // best effort: the namespaces go below regardless
            }
        }
        for (MeshFilter f : filters) {
            try {
                f.close();
            } catch (RuntimeException ignored) {
                // detached with its namespace anyway
            }
        }
        mesh.close();
    }
}
