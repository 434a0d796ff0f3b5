package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.metrics.MergedCollector;
import io.ebpf4j.hooks.metrics.MeshTelemetry;
import io.ebpf4j.hooks.metrics.MetricsServer;
import io.ebpf4j.hooks.metrics.ProcNetCollector;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several nodes' telemetries in one registry: two filters (two nodes) get different frames through
 * BPF_PROG_TEST_RUN; their telemetries carry {@code node} constant labels and are served as one
 * {@link MergedCollector}. The scrape (checked by promtool, parsed) has each family once, with every
 * node's series equal to that node's own counters.
 */
@RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshMetricsNodeLabelTest {
    private static final byte[] FROM_ALLOWED = eth(ETH_IP, ipv4(ip("10.1.0.5"), ip("10.0.0.1"), 17, udp(4000, 53, new byte[8])));
    private static final byte[] FROM_DENIED = eth(ETH_IP, ipv4(ip("10.2.0.5"), ip("10.0.0.1"), 17, udp(4000, 53, new byte[8])));

    @Test
    void twoNodesServedAsOneRegistryWithANodeLabel() throws Exception {
        try (MeshFixture n1 = new MeshFixture(Action.ALLOW); MeshFixture n2 = new MeshFixture(Action.ALLOW);
                MeshTelemetry t1 = telemetry(n1, "n1"); MeshTelemetry t2 = telemetry(n2, "n2")) {
            for (int i = 0; i < 7; i++) {
                n1.run(FROM_ALLOWED);
            }
            for (int i = 0; i < 3; i++) {
                n2.run(FROM_ALLOWED);
                n2.run(FROM_DENIED);
            }
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new MergedCollector(List.of(t1.collector(), t2.collector(), new ProcNetCollector())));
            try (MetricsServer server = MetricsServer.start(registry, 0)) {
                Exposition e = Exposition.scrape(server.uri()); // promtool: one HELP/TYPE per family
                String allowed = MeshFixture.ALLOWED.toString();
                String denied = MeshFixture.DENIED.toString();
                for (var n : List.of(List.of("n1", n1), List.of("n2", n2))) {
                    String node = (String) n.get(0);
                    MeshFilter f = ((MeshFixture) n.get(1)).filter;
                    assertEquals(f.stats().peer(MeshFixture.ALLOWED).orElseThrow().traffic().passed(),
                            e.value("ebpf4j_mesh_packets_total", "node", node, "peer", allowed, "verdict", "pass"));
                    assertEquals(f.stats().peer(MeshFixture.DENIED).orElseThrow().traffic().droppedPolicy(),
                            e.value("ebpf4j_mesh_dropped_total", "node", node, "peer", denied, "reason", "policy"));
                    assertEquals(f.stats().global().frames(), e.value("ebpf4j_mesh_frames_total", "node", node, "kind", "all"));
                    assertEquals(1, e.value("ebpf4j_hook_info", "node", node, "hook", "mesh_filter"));
                }
                assertEquals(7, e.value("ebpf4j_mesh_packets_total", "node", "n1", "peer", allowed, "verdict", "pass"));
                assertEquals(3, e.value("ebpf4j_mesh_dropped_total", "node", "n2", "peer", denied, "reason", "policy"));
                assertTrue(e.find("ebpf4j_interface_receive_packets_total").stream().allMatch(s -> !s.labels().containsKey("node")),
                        "the /proc counters are served once, without a node label");
                assertEquals(1, e.text().lines().filter(l -> l.startsWith("# TYPE ebpf4j_mesh_packets_total ")).count(),
                        e.text());
            }
        }
    }

    @Test
    void nodesWithoutDistinguishingLabelsFailTheScrapeNamingTheFamily() {
        try (MeshFixture n1 = new MeshFixture(Action.ALLOW); MeshFixture n2 = new MeshFixture(Action.ALLOW);
                MeshTelemetry t1 = telemetry(n1, null); MeshTelemetry t2 = telemetry(n2, null)) {
            MergedCollector merged = MergedCollector.of(t1.collector(), t2.collector());
            IllegalStateException e = assertThrows(IllegalStateException.class, merged::collect);
            assertTrue(e.getMessage().contains("metric family ebpf4j_") && e.getMessage().contains("constant labels"), e.getMessage());
        }
    }

    @Test
    void constantLabelsThatClashAreRejected() {
        MeshTelemetry.Builder b = MeshTelemetry.builder().ebpf(false).constLabel("node", "n1");
        assertThrows(IllegalArgumentException.class, () -> b.constLabel("node", "again"));
        assertThrows(IllegalArgumentException.class, () -> b.constLabel("peer", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.constLabel("not a name", "x"));
        try (MeshTelemetry t = b.build()) {
            assertEquals("n1", t.constLabels().get("node"));
        }
    }

    private static MeshTelemetry telemetry(MeshFixture node, String name) {
        MeshTelemetry.Builder b = MeshTelemetry.builder().mesh(node.filter).syscallLatency(false).netEvents(false).procNet(false);
        return (name == null ? b : b.constLabel("node", name)).build();
    }
}
