package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.HealRouteAction;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heal table in a real namespace, and the routes a previous run left there: the table applies to
 * the node's own packets only; adopted routes stay while their node is diagnosed, go once it has been
 * healthy for the hold time after the warm-up, are taken over by a new action on the same prefix; a
 * route for no configured service goes at once; uninstall leaves neither route nor rule.
 */
@RequiresKernel(KernelFeature.CAP_NET_ADMIN)
class AdoptedRoutesTest {
    private static final long S = 1_000_000_000L;

    @Test
    void adoptedRoutesStayWhileTheirNodeIsSickAndGoOnceItIsHealthy() {
        try (VethPair veth = VethPair.create()) {
            HealTable table = new HealTable(veth.netns());
            table.install();
            table.install(); // idempotent
            assertTrue(table.installed());
            assertEquals(List.of(), table.list(), "a table without routes reads as empty");
            String hop = veth.hostIp();
            Route one = Route.via("198.19.0.2/32", hop);
            Route two = Route.via("198.19.0.3/32", hop);
            Route stray = Route.via("198.19.0.99/32", hop);
            for (Route r : List.of(one, two, stray)) {
                table.routes().replace(r);
            }
            assertTrue(veth.execInNetns("ip", "route", "get", "198.19.0.2").contains("table " + HealTable.DEFAULT_TABLE),
                    "the node's own packets take the heal route");
            SpiffeId peer = SpiffeId.of("adopt.test", "node", "1");
            HealNode self = new HealNode(0, SpiffeId.of("adopt.test", "node", "0"), veth.netns(),
                    List.of(new Neighbour(1, peer, InetAddress.ofLiteral(hop))),
                    List.of(new MeshService("s1", List.of("198.19.0.2/32"), 7002, 1, List.of()),
                            new MeshService("s2", List.of("198.19.0.3/32"), 7002, 2, List.of())));

            AdoptedRoutes adopted = new AdoptedRoutes(self, table, 0, 2 * S, S);
            assertEquals(2, adopted.size(), "the two routes of configured services adopted");
            assertFalse(table.routes().get(stray.prefix()).isPresent(), "a route for no service deleted at once");

            Diagnosis nodeOne = new Diagnosis.NodeFault(1, List.of(), 1);
            adopted.tick(List.of(nodeOne), 1 * S);
            adopted.tick(List.of(nodeOne), 5 * S / 2); // node 1 still sick after the warm-up (2 s)
            adopted.tick(List.of(), 29 * S / 10);
            assertEquals(2, adopted.size(), "within the warm-up and the hold after it nothing goes");
            adopted.tick(List.of(), 3 * S); // node 2 healthy since the warm-up's end for the hold (1 s)
            assertFalse(table.routes().get(two.prefix()).isPresent(), "node 2 healthy for the hold: its route goes");
            assertTrue(table.routes().get(one.prefix()).isPresent(), "node 1 was sick until 2.5 s: kept");
            adopted.takenOver(new HealRouteAction(table.routes(), one, "s1 via node 1"));
            assertEquals(0, adopted.size(), "an action of the new loop on the prefix owns the route now");
            adopted.tick(List.of(), 10 * S);
            assertTrue(table.routes().get(one.prefix()).isPresent(), "the new action's route is not deleted");

            List<String> removed = table.uninstall();
            assertTrue(removed.contains("1 route of table " + HealTable.DEFAULT_TABLE), removed.toString());
            assertFalse(table.installed());
            assertEquals(List.of(), table.list());
            assertEquals(List.of(), table.uninstall(), "idempotent");
        }
    }
}
