package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.BpfObject;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.alert.Alert;
import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tc;
import io.ebpf4j.link.TcDirection;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Mesh alerts between two namespaced nodes: a clean run raises nothing, 40 % probe loss injected
 * by the {@code mesh_fault} tc program raises one loss alert, removing the fault resolves it.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.TC_ATTACH,
        KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN}, programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshLossAlertTest {
    static final String B_ID = MeshNamespaceTest.NODE_B.toString();
    @Test
    void injectedProbeLossFiresOnceAndResolvesWhenTheFaultIsRemoved() throws Exception {
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        ObjectSpec faultSpec = ObjectSpec.open(MeshFilterObject.faultBytes(), "mesh_fault");
        faultSpec.globals().set("probe_port", MeshNamespaceTest.PROBE_PORT)
                .set(MeshFilterObject.FAULT_DROP_PER_MILLION, 400_000);
        try (TwoNodes nodes = TwoNodes.create();
                MeshFilter a = MeshNamespaceTest.node(MeshNamespaceTest.NODE_B, TwoNodes.B, nodes.nsA(), nodes.ifA());
                MeshFilter b = MeshNamespaceTest.node(MeshNamespaceTest.NODE_A, TwoNodes.A, nodes.nsB(), nodes.ifB());
                BpfObject fault = faultSpec.load();
                Prober prober = NetNs.run(nodes.nsA(), () -> a.prober().target(MeshNamespaceTest.NODE_B,
                        InetAddress.ofLiteral(TwoNodes.B)).interval(Duration.ofMillis(5)).start());
                AlertEngine engine = AlertEngine.builder().meshFilter(a)
                        .rule(new AlertRule.ProbeLoss("probe-loss", Severity.CRITICAL, 0.2, Duration.ofMillis(500), 20))
                        .rule(new AlertRule.Rtt("rtt", Severity.WARNING, Duration.ofMillis(50)))
                        .period(Duration.ofMillis(100)).listener(alerts::add).build()) {
            Waits.until(() -> prober.sent(MeshNamespaceTest.NODE_B) >= 100, "probes going");
            Thread.sleep(2000); // a clean run with probe traffic
            assertEquals(List.of(), alerts, "a clean link raises nothing");
            long probesClean = a.stats().peer(MeshNamespaceTest.NODE_B).orElseThrow().probe().replies();
            assertTrue(probesClean >= 100, "replies " + probesClean);

            long injected;
            Alert firing;
            try (Link ignored = NetNs.run(nodes.nsA(), () -> Tc.attach(fault.program(MeshFilterObject.FAULT_PROGRAM),
                    nodes.ifA(), TcDirection.EGRESS))) {
                injected = System.nanoTime();
                Waits.until(() -> !alerts.isEmpty(), "probe loss alert");
                firing = alerts.get(0);
                Thread.sleep(500); // the fault goes on: no second alert
                assertEquals(1, alerts.size(), alerts.toString());
            }
            long removed = System.nanoTime();
            assertEquals("probe-loss", firing.ruleId());
            assertEquals(Alert.Phase.FIRING, firing.phase());
            assertEquals(B_ID, firing.subject());
            assertTrue(firing.value() > 0.2 && firing.value() < 0.8, firing.toString());
            assertTrue(firing.causeKernelNs() >= injected && firing.causeKernelNs() <= firing.raisedNanos(), firing.toString());

            Waits.until(() -> alerts.size() >= 2, "resolved once the fault is gone");
            Alert resolved = alerts.get(1);
            assertEquals(Alert.Phase.RESOLVED, resolved.phase());
            assertEquals(B_ID, resolved.subject());
            assertTrue(resolved.value() <= 0.2, resolved.toString());
            Thread.sleep(300);
            assertEquals(2, alerts.size(), alerts.toString());
            System.out.printf("MEASURE mesh probe loss (40 %% injected, probes every 5 ms, 500 ms window, 100 ms period):"
                    + " fault -> alert %.1f ms (measured loss %.2f), fault removed -> resolved %.1f ms%n",
                    (firing.raisedNanos() - injected) / 1e6, firing.value(), (resolved.raisedNanos() - removed) / 1e6);
        }
    }
}
