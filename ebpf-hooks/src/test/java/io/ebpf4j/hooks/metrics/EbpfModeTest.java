package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.testkit.Waits;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With eBPF: the syscall histogram in the scrape matches the hook's own, and hook_info says how it attached. */
@RequiresKernel({KernelFeature.CAP_SYS_ADMIN})
class EbpfModeTest {
    @Test
    void syscallHistogramScrapedMatchesTheHook() throws Exception {
        PrometheusRegistry mine = new PrometheusRegistry();
        try (MeshTelemetry t = MeshTelemetry.builder().build()) {
            t.registerInto(mine);
            try (MetricsServer server = MetricsServer.start(mine, 0)) {
                assertEquals(TelemetryState.Mode.EBPF, t.state().mode(), t.state().toString());
                SyscallLatency sl = t.syscallLatency().orElseThrow();
                try (DatagramSocket rx = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                        DatagramSocket tx = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    for (int i = 0; i < 20; i++) {
                        tx.send(new DatagramPacket(new byte[8], 8, rx.getLocalSocketAddress()));
                    }
                }
                LatencyHistogram before = sl.histogram(Syscall.SENDTO);
                Exposition e = Exposition.scrape(server.uri());
                LatencyHistogram after = sl.histogram(Syscall.SENDTO);
                assertTrue(before.count() >= 20, before.toString());

                double count = e.value("ebpf4j_syscall_latency_seconds_count", "syscall", "sendto");
                assertTrue(before.count() <= count && count <= after.count(), count + " vs " + before + " / " + after);
                double sum = e.value("ebpf4j_syscall_latency_seconds_sum", "syscall", "sendto");
                assertTrue(before.sumNanos() / 1e9 <= sum && sum <= after.sumNanos() / 1e9 + 1e-9, sum + " vs " + before);
                double inf = e.value("ebpf4j_syscall_latency_seconds_bucket", "syscall", "sendto", "le", "+Inf");
                assertEquals(count, inf);
                // cumulative buckets: each le holds the hook's buckets below it
                List<Exposition.Sample> buckets = e.find("ebpf4j_syscall_latency_seconds_bucket", "syscall", "sendto");
                double prev = 0;
                for (Exposition.Sample b : buckets) {
                    assertTrue(b.value() >= prev, buckets.toString());
                    prev = b.value();
                }
                long[] hook = before.buckets();
                long upTo10 = 0;
                for (int i = 0; i < 10; i++) {
                    upTo10 += hook[i];
                }
                double le10 = e.value("ebpf4j_syscall_latency_seconds_bucket", "syscall", "sendto", "le",
                        Double.toString(Families.upperBoundSeconds(9)));
                assertTrue(upTo10 <= le10, upTo10 + " vs " + le10);

                var info = e.find("ebpf4j_hook_info", "hook", "syscall_latency").get(0);
                assertEquals("false", info.labels().get("degraded"));
                assertEquals(sl.state().path().name().toLowerCase(java.util.Locale.ROOT), info.labels().get("attach_path"));
                assertEquals("false", e.find("ebpf4j_hook_info", "hook", "net_events").get(0).labels().get("degraded"));
                assertTrue(e.find("ebpf4j_interface_receive_packets_total", "interface", "lo").size() == 1);
            }
        }
        assertEquals(0, mine.scrape().size(), "closing the telemetry unregisters its collectors: no scrape of closed hooks");
    }

    /** A connect to a closed loopback port (RST) and datagrams to a closed port (NO_SOCKET drops). */
    @Test
    void resetsAndDropsScrapedMatchNetEvents() throws Exception {
        try (MeshTelemetry t = MeshTelemetry.builder().syscallLatency(false).build();
                MetricsServer server = MetricsServer.start(t.registry(), 0)) {
            NetEvents ne = t.netEvents().orElseThrow();
            InetAddress lo = InetAddress.getLoopbackAddress();
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, lo)) {
                port = s.getLocalPort();
            }
            long dropsBefore = ne.drops("NO_SOCKET");
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(lo, port));
            } catch (ConnectException expected) {
                // refused: the RST we count
            }
            try (DatagramSocket tx = new DatagramSocket(0, lo)) {
                for (int i = 0; i < 5; i++) {
                    tx.send(new DatagramPacket(new byte[8], 8, new InetSocketAddress(lo, port)));
                }
            }
            Waits.until(() -> received(ne, lo) >= 1, "reset received");
            Waits.until(() -> ne.drops("NO_SOCKET") >= dropsBefore + 5, "NO_SOCKET drops");
            long rBefore = received(ne, lo);
            long sBefore = sent(ne, lo);
            long dBefore = ne.drops("NO_SOCKET");
            Exposition e = Exposition.scrape(server.uri());
            String peer = lo.getHostAddress();
            double r = e.value("ebpf4j_net_resets_total", "peer", peer, "direction", "received");
            assertTrue(rBefore <= r && r <= received(ne, lo), r + " vs " + rBefore);
            double s = e.value("ebpf4j_net_resets_total", "peer", peer, "direction", "sent");
            assertTrue(sBefore <= s && s <= sent(ne, lo), s + " vs " + sBefore);
            double d = e.value("ebpf4j_net_drops_total", "reason", "NO_SOCKET");
            assertTrue(dBefore <= d && d <= ne.drops("NO_SOCKET"), d + " vs " + dBefore);
            assertTrue(e.find("ebpf4j_hook_info", "hook", "syscall_latency").isEmpty(), "not requested");
        }
    }

    private static long received(NetEvents ne, InetAddress host) {
        return ne.peers().entrySet().stream().filter(x -> x.getKey().address().equals(host))
                .mapToLong(x -> x.getValue().resetsReceived()).sum();
    }

    private static long sent(NetEvents ne, InetAddress host) {
        return ne.peers().entrySet().stream().filter(x -> x.getKey().address().equals(host))
                .mapToLong(x -> x.getValue().resetsSent()).sum();
    }
}
