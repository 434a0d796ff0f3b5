package io.ebpf4j.heal.experiment.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.ServiceControl;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.mesh.MeshTraffic;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.TcDirection;
import io.ebpf4j.testkit.Commands;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every fault kind injected into a 3-node mesh and cleared, each checked by counted traffic and by
 * what is left in the namespaces afterwards.
 */
@RequiresKernel(value = {KernelFeature.TC_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = ProgramType.SCHED_CLS, mapTypes = {MapType.ARRAY, MapType.PERCPU_ARRAY})
class FaultInjectorTest {
    private static HealMesh mesh;

    @BeforeAll
    static void createMesh() {
        mesh = HealMesh.create(3);
    }

    @AfterAll
    static void removeMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void linkLossDropsTheConfiguredShareOfBothDirectionsAndNothingAfterClear() throws Exception {
        String to1 = mesh.linkAddress(1, 0);
        assertTrue(MeshTraffic.ping(mesh, 0, to1), "neighbours resolved before the fault");
        Fault.LinkLoss loss = new Fault.LinkLoss(0, 1, 0.3);
        try (FaultInjector injector = new FaultInjector(mesh, null)) {
            InjectionRecord r = injector.inject(loss);
            assertEquals(loss, r.fault());
            assertTrue(r.injectedMonoNanos() <= System.nanoTime());
            assertThrows(IllegalStateException.class, () -> injector.inject(loss));
            int n = 1000;
            int received = MeshTraffic.udp(mesh, 0, 1, to1, n, 64, 20);
            int back = MeshTraffic.udp(mesh, 1, 0, mesh.linkAddress(0, 1), n, 64, 20);
            FaultInjectProgram.Counters c = injector.counters(loss).orElseThrow();
            double share = (double) c.dropped() / c.seen();
            System.out.printf("MEASURE fault_inject 30%%: 0->1 %d/%d received, 1->0 %d/%d, program %d of %d dropped%n",
                    received, n, back, n, c.dropped(), c.seen());
            assertTrue(c.seen() >= 2 * n, c.toString());
            assertTrue(Math.abs(share - 0.3) < 0.04, "dropped share " + share);
            assertTrue(Math.abs(received - 0.7 * n) < 0.06 * n, "received 0->1 " + received);
            assertTrue(Math.abs(back - 0.7 * n) < 0.06 * n, "received 1->0 " + back);
            assertEquals(2 * n, received + back + c.dropped(), 10, "every datagram not received was dropped by tc");
            injector.clear(loss);
            assertTrue(injector.counters(loss).isEmpty());
            assertEquals(300, MeshTraffic.udp(mesh, 0, 1, to1, 300, 64, 20), "nothing dropped after clear");
        }
        MeshTraffic.assertNothingLeft(mesh);
    }

    @Test
    void programShareAndMatchChangeWithoutReload() throws Exception {
        String to1 = mesh.linkAddress(1, 0);
        assertTrue(MeshTraffic.ping(mesh, 0, to1));
        try (FaultInjectProgram p = FaultInjectProgram.attach(mesh.netns(0), mesh.ifname(0, 1), TcDirection.EGRESS)) {
            int id = p.programId();
            assertEquals(0, p.dropPerMillion());
            assertEquals(100, MeshTraffic.udp(mesh, 0, 1, to1, 100, 64, 20), "share 0 passes everything");
            p.set(1.0);
            assertEquals(0, MeshTraffic.udp(mesh, 0, 1, to1, 100, 64, 20), "share 1 drops everything");
            p.set(FaultInjectProgram.ALL, FaultInjectProgram.Match.IPV4_ADDRESS,
                    (Inet4Address) InetAddress.ofLiteral("192.0.2.1"));
            FaultInjectProgram.Counters before = p.counters();
            assertEquals(100, MeshTraffic.udp(mesh, 0, 1, to1, 100, 64, 20), "another address: nothing matches");
            assertEquals(0, p.counters().minus(before).dropped());
            p.set(FaultInjectProgram.ALL, FaultInjectProgram.Match.IPV4_ADDRESS, (Inet4Address) InetAddress.ofLiteral(to1));
            assertEquals(0, MeshTraffic.udp(mesh, 0, 1, to1, 100, 64, 20), "the peer's address matches");
            assertTrue(p.counters().minus(before).dropped() >= 100);
            assertEquals(id, p.programId(), "same program throughout");
            assertThrows(IllegalArgumentException.class, () -> p.set(1.5));
        }
        MeshTraffic.assertNothingLeft(mesh);
    }

    @Test
    void linkDownBlackholeAndBandwidthAreInjectedAndLeaveNothingBehind() throws Exception {
        List<String> log = new ArrayList<>();
        ServiceControl services = new ServiceControl() {
            public void kill(int node) {
                log.add("kill " + node);
            }

            public void restart(int node) {
                log.add("restart " + node);
            }
        };
        String v1 = mesh.vipAddress(1);
        try (FaultInjector injector = new FaultInjector(mesh, services)) {
            // link down: 0 loses its route to V1 (via link 0-1); clear brings link and route back
            Fault down = new Fault.LinkDown(0, 1);
            injector.inject(down);
            assertTrue(mesh.routes(0).get(mesh.vipPrefix(1)).isEmpty(), "the route went with the link");
            assertTrue(Commands.run("ip", "-n", mesh.netns(1), "-br", "link", "show", "dev", mesh.ifname(1, 0))
                    .contains("DOWN"));
            assertFalse(MeshTraffic.ping(mesh, 0, v1));
            injector.clear(down);
            assertTrue(mesh.defaultRoute(0, 1).orElseThrow().matches(mesh.routes(0).get(mesh.vipPrefix(1)).orElseThrow()));
            assertTrue(MeshTraffic.ping(mesh, 0, v1));
            String ipv6 = mesh.link(0, 1).end(1).ipv6();
            assertFalse(Commands.run("ip", "-n", mesh.netns(1), "-6", "addr", "show", "dev", mesh.ifname(1, 0), "to",
                    ipv6 + "/128").isBlank(), "IPv6 address kept across down/up");

            // blackhole 1: nothing to or from it, the rest of the mesh untouched
            Fault hole = new Fault.Blackhole(1);
            injector.inject(hole);
            assertFalse(MeshTraffic.ping(mesh, 0, v1));
            assertFalse(MeshTraffic.ping(mesh, 2, mesh.linkAddress(1, 2)));
            assertTrue(MeshTraffic.ping(mesh, 0, mesh.vipAddress(2)), "0-2 unaffected");
            assertTrue(injector.counters(hole).orElseThrow().dropped() >= 2);
            injector.clear(hole);
            assertTrue(MeshTraffic.ping(mesh, 0, v1));

            // bandwidth collapse: a burst of 300 x 1000 bytes mostly stays in tbf at 64 kbit/s
            String to1 = mesh.linkAddress(1, 0);
            int clean = MeshTraffic.udp(mesh, 0, 1, to1, 300, 1000, 10);
            Fault slow = new Fault.BandwidthCollapse(0, 1, 64_000);
            injector.inject(slow);
            String qdisc = Commands.run("tc", "-n", mesh.netns(0), "qdisc", "show", "dev", mesh.ifname(0, 1));
            assertTrue(qdisc.contains("tbf") && qdisc.contains("64Kbit"), qdisc);
            int shaped = MeshTraffic.udp(mesh, 0, 1, to1, 300, 1000, 10);
            String stats = Commands.run("tc", "-s", "-n", mesh.netns(0), "qdisc", "show", "dev", mesh.ifname(0, 1));
            System.out.printf("MEASURE tbf 64kbit: burst of 300 x 1000 B: %d received clean, %d shaped%n%s", clean,
                    shaped, stats);
            assertTrue(clean >= 290, "clean " + clean);
            assertTrue(shaped < 60, "shaped " + shaped);
            injector.clear(slow);

            Fault kill = new Fault.ServiceKill(2);
            injector.inject(kill);
            injector.inject(new Fault.LinkLoss(1, 2, 0.5)); // left active: close clears it
            injector.clear(kill);
            assertEquals(List.of("kill 2", "restart 2"), log);
            assertEquals(1, injector.active().size());
        }
        MeshTraffic.assertNothingLeft(mesh);
        assertEquals(300, MeshTraffic.udp(mesh, 0, 1, mesh.linkAddress(1, 0), 300, 1000, 10));
    }
}
