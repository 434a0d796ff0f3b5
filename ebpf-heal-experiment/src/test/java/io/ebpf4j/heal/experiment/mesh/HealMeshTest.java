package io.ebpf4j.heal.experiment.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.Waits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment mesh in real namespaces: addresses, VIPs, default and return routes, cleanup. */
@RequiresKernel({KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN})
class HealMeshTest {

    @Test
    void everyNodeReachesEveryVipThroughItsDefaultRouteAndCloseRemovesAll() {
        String ns0;
        try (HealMesh m = HealMesh.create(4)) {
            ns0 = m.netns(0);
            assertEquals(4, m.size());
            assertEquals("spiffe://heal.ebpf4j.io/node/2", m.spiffeId(2).toString());
            assertEquals(List.of(0, 1, 3), m.neighbours(2));
            assertEquals(0, m.replica(3));
            assertEquals("198.19.0.4", m.vip(3).getHostAddress());
            assertEquals(5, m.prefixes(1).size());
            assertTrue(m.prefixes(1).contains("198.19.0.2/32"));
            assertTrue(m.prefixes(1).contains("198.20.0.2/32"));
            assertEquals("1", Commands.inNetns(m.netns(2), "sysctl", "-n", "net.ipv4.ip_forward").strip());
            assertEquals("0", Commands.inNetns(m.netns(2), "sysctl", "-n",
                    "net.ipv4.conf." + m.ifname(2, 0) + ".rp_filter").strip());
            for (int i = 0; i < m.size(); i++) {
                Routes routes = m.routes(i);
                for (int j = 0; j < m.size(); j++) {
                    Route chosen = routes.lookup(m.vipAddress(j));
                    if (j == i || m.replica(j) == i) {
                        assertTrue(m.defaultRoute(i, j).isEmpty());
                        assertEquals("lo", chosen.dev(), "V" + j + " is local to node " + i + ": " + chosen);
                    } else {
                        Route want = m.defaultRoute(i, j).orElseThrow();
                        assertEquals(m.linkAddress(j, i), want.via());
                        assertEquals(want.via(), chosen.via(), "node " + i + " to V" + j);
                        assertEquals(m.ifname(i, j), chosen.dev());
                        assertTrue(want.matches(routes.get(m.vipPrefix(j)).orElseThrow()));
                    }
                    if (j != i) {
                        assertTrue(MeshTraffic.ping(m, i, m.vipAddress(j)), "node " + i + " pings V" + j);
                        assertEquals(m.ifname(i, j), routes.lookup(m.nodeAddress(j)).dev(), "node " + i + " to N" + j);
                        assertTrue(MeshTraffic.ping(m, i, m.nodeAddress(j)), "node " + i + " pings N" + j);
                    }
                }
            }
            // return route: node 3 reaches node 0's address on link 0-1 via node 1
            assertEquals(m.linkAddress(1, 3), m.routes(3).lookup(m.linkAddress(0, 1)).via());
            assertEquals(List.of(), m.reinstallDefaultRoutesMissing(), "nothing missing");
            // a node address is on no link: with link 0-1 down the other nodes still reach N0 and N1
            Commands.run("ip", "-n", m.netns(0), "link", "set", m.ifname(0, 1), "down");
            Commands.run("ip", "-n", m.netns(1), "link", "set", m.ifname(1, 0), "down");
            assertTrue(MeshTraffic.ping(m, 2, m.nodeAddress(0)), "node 2 pings N0 with link 0-1 down");
            assertTrue(MeshTraffic.ping(m, 3, m.nodeAddress(1)), "node 3 pings N1 with link 0-1 down");
            Commands.run("ip", "-n", m.netns(0), "link", "set", m.ifname(0, 1), "up");
            Commands.run("ip", "-n", m.netns(1), "link", "set", m.ifname(1, 0), "up");
            List<HealMesh.NodeRoute> back = new java.util.ArrayList<>();
            Waits.until(() -> {
                back.addAll(m.reinstallDefaultRoutesMissing());
                return back.contains(new HealMesh.NodeRoute(1, m.nodeRoute(1, 0)));
            }, "node route 1 -> N0 reinstalled once link 0-1 is up");
            assertTrue(MeshTraffic.ping(m, 1, m.nodeAddress(0)), "node 1 pings N0 again");
            assertThrows(IllegalArgumentException.class, () -> m.link(1, 1));
        }
        String all = Commands.run("ip", "netns", "list");
        assertFalse(all.contains(ns0), all);
    }
}
