package io.ebpf4j.hooks.mesh;

import io.ebpf4j.testkit.netns.DemoMesh;
import io.ebpf4j.hooks.procfs.SnmpCounters;

/**
 * Two mesh nodes for kernel tests, a two-node {@link DemoMesh}: namespaces {@link #nsA()} and
 * {@link #nsB()} joined by one veth pair ({@link #ifA()} in A, {@link #ifB()} in B), A with a second
 * address {@link #A_SECOND}. {@link #close()} removes everything (a shutdown hook too).
 */
final class TwoNodes implements AutoCloseable {
    static final String A = "198.18.0.1";
    static final String A_SECOND = "198.18.0.5";
    static final String B = "198.18.0.2";
    static final String A6 = "fd00:e4:0::1";
    static final String B6 = "fd00:e4:0::2";

    private final DemoMesh mesh;
    private final DemoMesh.Link link;

    private TwoNodes(DemoMesh mesh) {
        this.mesh = mesh;
        this.link = mesh.links().get(0);
    }

    static TwoNodes create() {
        DemoMesh mesh = DemoMesh.fullMesh(2);
        try {
            TwoNodes n = new TwoNodes(mesh);
            if (!n.link.a().ipv4().equals(A) || !n.link.b().ipv4().equals(B)) {
                throw new IllegalStateException("DemoMesh addressed link 0 as " + n.link);
            }
            mesh.addAddress(0, n.ifA(), A_SECOND + "/29");
            return n;
        } catch (RuntimeException e) {
            mesh.close();
            throw e;
        }
    }

    String nsA() {
        return mesh.netns(0);
    }

    String nsB() {
        return mesh.netns(1);
    }

    String ifA() {
        return link.a().ifname();
    }

    String ifB() {
        return link.b().ifname();
    }

    /** Runs {@code command} in node A's ({@code node} 0) or B's (1) namespace; returns its output. */
    String exec(int node, String... command) {
        return mesh.exec(node, command);
    }

    /** Udp InDatagrams of a namespace (/proc/net/snmp): datagrams delivered to its sockets. */
    long udpInDatagrams(String ns) {
        return udp(ns, "InDatagrams");
    }

    /** Udp RcvbufErrors of a namespace (/proc/net/snmp): datagrams a full socket receive buffer dropped. */
    long udpRcvbufErrors(String ns) {
        return udp(ns, "RcvbufErrors");
    }

    private long udp(String ns, String counter) {
        int node = ns.equals(nsA()) ? 0 : 1;
        return SnmpCounters.parse(mesh.exec(node, "cat", "/proc/net/snmp")).get("Udp", counter)
                .orElseThrow(() -> new IllegalStateException("no Udp " + counter + " in " + ns));
    }

    @Override
    public void close() {
        mesh.close();
    }
}
