package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.metrics.MeshTelemetry;
import io.ebpf4j.hooks.metrics.MetricsServer;
import io.ebpf4j.hooks.metrics.TelemetryState;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.PrometheusServer;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mesh filter's metrics over HTTP: B filters in its namespace, A sends N datagrams from an
 * allowed and M from a denied identity; the scrape (checked by promtool) and a real Prometheus
 * server both show the per-SPIFFE-ID series with the filter's own numbers.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshMetricsTest {
    static final SpiffeId NODE_A = MeshNamespaceTest.NODE_A;
    static final SpiffeId INTRUDER = MeshNamespaceTest.INTRUDER;
    static final int PORT = MeshNamespaceTest.PORT;
    static final int N = 40;
    static final int M = 15;

    TwoNodes nodes;

    @BeforeEach
    void create() {
        nodes = TwoNodes.create();
    }

    @AfterEach
    void remove() {
        nodes.close();
    }

    private MeshFilter filterOnB() {
        MeshFilter b = MeshFilter.builder().defaultAction(Action.DENY).build();
        try {
            b.identities().register(NODE_A, TwoNodes.A + "/32");
            b.identities().register(INTRUDER, TwoNodes.A_SECOND + "/32");
            b.allow(NODE_A);
            b.deny(INTRUDER);
            NetNs.exec(nodes.nsB(), () -> b.attach(nodes.ifB()));
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private void sendTraffic() throws IOException {
        try (DatagramSocket receiver = NetNs.run(nodes.nsB(), () -> bound(TwoNodes.B, PORT));
                DatagramSocket fromA = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A, 0));
                DatagramSocket fromIntruder = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A_SECOND, 0))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.B), PORT);
            for (int i = 0; i < N; i++) {
                fromA.send(new DatagramPacket(new byte[16], 16, to));
            }
            for (int i = 0; i < M; i++) {
                fromIntruder.send(new DatagramPacket(new byte[16], 16, to));
            }
            int got = 0;
            try {
                while (got < N) {
                    receiver.receive(new DatagramPacket(new byte[64], 64));
                    got++;
                }
            } catch (SocketTimeoutException e) {
                // counted below
            }
            assertEquals(N, got, "every allowed datagram arrives");
        }
    }

    private static DatagramSocket bound(String address, int port) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        s.setSoTimeout(2000);
        return s;
    }

    @Test
    void scrapeShowsPerPeerCountersOfTheFilter() throws Exception {
        try (MeshFilter b = filterOnB();
                MeshTelemetry t = MeshTelemetry.builder().mesh(b).syscallLatency(false).netEvents(false).build();
                MetricsServer server = MetricsServer.start(t.registry(), 0)) {
            assertEquals(TelemetryState.Mode.EBPF, t.state().mode(), t.state().toString());
            sendTraffic();
            Exposition e = Exposition.scrape(server.uri());
            Counters a = b.stats().peer(NODE_A).orElseThrow().traffic();
            Counters x = b.stats().peer(INTRUDER).orElseThrow().traffic();
            String peerA = NODE_A.toString();
            String peerX = INTRUDER.toString();

            double packetsA = e.sum("ebpf4j_mesh_packets_total", "peer", peerA);
            assertTrue(packetsA >= N, e.text());
            assertEquals(a.packets(), packetsA, "no other traffic from A's address after the scrape");
            assertEquals(a.passed(), e.value("ebpf4j_mesh_packets_total", "peer", peerA, "verdict", "pass"));
            assertTrue(a.passed() >= N);
            assertEquals(a.bytes(), e.value("ebpf4j_mesh_bytes_total", "peer", peerA));
            assertEquals(M, e.value("ebpf4j_mesh_dropped_total", "peer", peerX, "reason", "policy"));
            assertEquals(x.droppedPolicy(), e.value("ebpf4j_mesh_dropped_total", "peer", peerX, "reason", "policy"));
            assertEquals(0, e.value("ebpf4j_mesh_dropped_total", "peer", peerA, "reason", "policy"));
            assertEquals(0, e.value("ebpf4j_mesh_probe_rtt_seconds_count", "peer", peerA), "no probes sent");
            assertEquals("false", e.find("ebpf4j_hook_info", "hook", "mesh_filter").get(0).labels().get("degraded"));
        }
    }

    /** A probes B (B answers in XDP): the RTT histogram, replies and loss in the scrape are A's probe stats. */
    @Test
    void probeRttHistogramMatchesTheProbeStats() throws Exception {
        SpiffeId nodeB = MeshNamespaceTest.NODE_B;
        int n = 50;
        try (MeshFilter a = MeshNamespaceTest.node(nodeB, TwoNodes.B, nodes.nsA(), nodes.ifA());
                MeshFilter b = MeshNamespaceTest.node(NODE_A, TwoNodes.A, nodes.nsB(), nodes.ifB());
                MeshTelemetry t = MeshTelemetry.builder().mesh(a).syscallLatency(false).netEvents(false).build();
                MetricsServer server = MetricsServer.start(t.registry(), 0)) {
            try (Prober prober = NetNs.run(nodes.nsA(), () -> a.prober().target(nodeB, InetAddress.ofLiteral(TwoNodes.B))
                    .interval(null).start())) {
                for (int i = 0; i < n; i++) {
                    prober.probeOnce();
                    Thread.sleep(1);
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (a.stats().peer(nodeB).orElseThrow().probe().replies() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProbeStats p = a.stats().peer(nodeB).orElseThrow().probe();
            assertTrue(p.samples() > 0, p.toString());
            Exposition e = Exposition.scrape(server.uri());
            String peer = nodeB.toString();
            assertEquals(p.samples(), e.value("ebpf4j_mesh_probe_rtt_seconds_count", "peer", peer));
            assertEquals(p.samples(), e.value("ebpf4j_mesh_probe_rtt_seconds_bucket", "peer", peer, "le", "+Inf"));
            assertEquals(p.meanRttNs() * p.samples() / 1e9, e.value("ebpf4j_mesh_probe_rtt_seconds_sum", "peer", peer), 1e-12);
            assertEquals(p.replies(), e.value("ebpf4j_mesh_probe_replies_total", "peer", peer));
            assertEquals(p.lost(), e.value("ebpf4j_mesh_probe_loss_total", "peer", peer));
            long[] hist = p.histogram();
            long cumulative = 0;
            int bounds = 0;
            for (int i = 0; i < ProbeStats.BUCKETS; i++) {
                cumulative += hist[i];
                double le = Math.scalb(1.0, i + 1) / 1e9;
                for (Exposition.Sample s : e.find("ebpf4j_mesh_probe_rtt_seconds_bucket", "peer", peer)) {
                    String l = s.labels().get("le");
                    if (!l.equals("+Inf") && Double.parseDouble(l) == le) {
                        assertEquals(cumulative, s.value(), "le=" + l);
                        bounds++;
                    }
                }
            }
            assertEquals(36, bounds, "2 ns .. 2^36 ns bounds, then +Inf");
        }
    }

    @Test
    void aRealPrometheusServerScrapesThePerPeerSeries() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusServer.BINARY), "needs " + PrometheusServer.BINARY);
        try (MeshFilter b = filterOnB();
                MeshTelemetry t = MeshTelemetry.builder().mesh(b).syscallLatency(false).netEvents(false).build();
                MetricsServer server = MetricsServer.start(t.registry(), 0)) {
            sendTraffic();
            long passed = b.stats().peer(NODE_A).orElseThrow().traffic().passed();
            String query = "ebpf4j_mesh_packets_total{verdict=\"pass\"}";
            Pattern series = Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]\\}");
            try (PrometheusServer prom = PrometheusServer.start(server.port())) {
                String found = null;
                String last = null;
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (found == null && System.nanoTime() < deadline && prom.alive()) {
                    last = prom.query(query);
                    if (last != null) {
                        Matcher m = series.matcher(last);
                        while (m.find()) {
                            if (m.group(1).contains("\"peer\":\"" + NODE_A + "\"")) {
                                found = m.group(0);
                                assertTrue(last.contains("\"status\":\"success\""), last);
                                assertTrue(m.group(1).contains("\"job\":\"ebpf4j\""), m.group(1));
                                assertEquals(passed, Double.parseDouble(m.group(2)), last);
                            }
                        }
                    }
                    if (found == null) {
                        Thread.sleep(250);
                    }
                }
                assertNotNull(found, "no series for " + NODE_A + "; last answer: " + last + "\nlog:\n" + prom.log());
            }
        }
    }
}
