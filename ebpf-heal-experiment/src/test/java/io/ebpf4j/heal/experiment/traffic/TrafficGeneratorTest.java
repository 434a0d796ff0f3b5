package io.ebpf4j.heal.experiment.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.DemoMesh;
import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Real echo services and traffic in two namespaces joined by a veth pair. */
@RequiresKernel({KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN})
class TrafficGeneratorTest {
    private static final long PATIENCE_NANOS = 20_000_000_000L;

    @Test
    void trafficSucceedsFailsWhileTheServiceIsKilledAndRecoversAfterRestart() throws Exception {
        try (DemoMesh mesh = DemoMesh.line(2);
                EchoServices services = new EchoServices(mesh.namespaces())) {
            DemoMesh.Link link = mesh.links().get(0);
            Flow to1 = new Flow("0->1", 0, InetAddress.getByName(link.end(1).ipv4()));
            Flow to0 = new Flow("1->0", 1, InetAddress.getByName(link.end(0).ipv4()));
            try (TrafficGenerator g = new TrafficGenerator(mesh.namespaces(), List.of(to1, to0))) {
                g.start();
                await(() -> ok(g.log(), "0->1", Proto.UDP, 0) >= 20 && ok(g.log(), "0->1", Proto.TCP, 0) >= 3
                        && ok(g.log(), "1->0", Proto.TCP, 0) >= 3, "traffic flows both ways");
                assertTrue(services.udpEchoes(1) >= 20 && services.tcpConnections(1) >= 3);

                services.kill(1);
                services.kill(1);
                assertFalse(services.running(1));
                long killed = System.nanoTime();
                await(() -> failed(g.log(), "0->1", Proto.TCP, killed, Outcome.REFUSED) >= 3
                        && failed(g.log(), "0->1", Proto.UDP, killed, null) >= 10
                        && ok(g.log(), "1->0", Proto.TCP, killed) >= 1, "requests to the killed service fail, the others not");
                long restarting = System.nanoTime();
                TrafficLog during = g.log();
                assertEquals(0, okBetween(during, "0->1", Proto.UDP, killed, restarting), "no UDP echo from a killed service");
                assertEquals(0, okBetween(during, "0->1", Proto.TCP, killed, restarting), "no TCP echo from a killed service");

                services.restart(1);
                services.restart(1);
                assertTrue(services.running(1));
                await(() -> ok(g.log(), "0->1", Proto.UDP, restarting) >= 20 && ok(g.log(), "0->1", Proto.TCP, restarting) >= 3,
                        "requests succeed again after the restart");
            }
        }
    }

    @Test
    void theLogIsSane() throws Exception {
        try (DemoMesh mesh = DemoMesh.line(2);
                EchoServices services = new EchoServices(mesh.namespaces())) {
            Flow f = new Flow("0->1", 0, InetAddress.getByName(mesh.links().get(0).end(1).ipv4()));
            TrafficGenerator g = new TrafficGenerator(mesh.namespaces(), List.of(f));
            long before = System.nanoTime();
            try (g) {
                g.start();
                await(() -> ok(g.log(), "0->1", Proto.TCP, 0) >= 5, "some exchanges");
            }
            long after = System.nanoTime();
            TrafficLog log = g.log();
            assertEquals(2, log.series().size());
            for (FlowSeries s : log.series()) {
                long interval = (s.proto() == Proto.UDP ? g.config().udpInterval() : g.config().tcpInterval()).toNanos();
                assertTrue(s.size() <= (after - before) / interval + 1, "never more requests than the pacing allows: " + s.size());
                for (int i = 0; i < s.size(); i++) {
                    assertTrue(s.sendNanos()[i] >= before && s.sendNanos()[i] <= after);
                    if (s.outcomes()[i] == Outcome.OK) {
                        assertTrue(s.latencyNanos()[i] > 0);
                    }
                    if (i > 0) {
                        assertTrue(s.sendNanos()[i] >= s.sendNanos()[i - 1], "in send order");
                    }
                }
                assertTrue(s.count(Outcome.OK) >= 1);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting: " + what);
            Thread.sleep(20);
        }
    }

    private static long ok(TrafficLog log, String flow, Proto p, long sentAfter) {
        return okBetween(log, flow, p, sentAfter, Long.MAX_VALUE);
    }

    private static long okBetween(TrafficLog log, String flow, Proto p, long from, long to) {
        return log.records().filter(r -> r.flow().equals(flow) && r.proto() == p && r.ok()
                && r.sendMonoNanos() - from > 0 && to - r.sendMonoNanos() > 0).count();
    }

    private static long failed(TrafficLog log, String flow, Proto p, long sentAfter, Outcome only) {
        return log.records().filter(r -> r.flow().equals(flow) && r.proto() == p && r.sendMonoNanos() - sentAfter > 0
                && r.outcome().resolved() && !r.ok() && (only == null || r.outcome() == only)).count();
    }
}
