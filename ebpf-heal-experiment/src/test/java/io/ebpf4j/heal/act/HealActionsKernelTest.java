package io.ebpf4j.heal.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.mesh.MeshTraffic;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.netns.NetNs;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reroute and deny actions on a real 4-node mesh: traffic moves, undo puts everything back. */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class HealActionsKernelTest {
    private static HealMesh mesh;

    @BeforeAll
    static void createMesh() {
        mesh = HealMesh.create(4);
    }

    @AfterAll
    static void removeMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    /** Node 0 loses link 0-1, reroutes V1 through node 3 (which forwards to node 1), then undoes it. */
    @Test
    void rerouteMovesTrafficAroundADownedLinkAndUndoRestoresTheDefaultRoute() {
        Routes routes = mesh.routes(0);
        String v1 = mesh.vipPrefix(1);
        Route viaThree = mesh.routeVia(0, 1, 3);
        assertEquals(Route.via(v1, mesh.linkAddress(3, 0)), viaThree);
        Route home = mesh.defaultRoute(0, 1).orElseThrow();
        assertEquals(mesh.linkAddress(1, 3), mesh.routes(3).lookup(mesh.vipAddress(1)).via(), "3 forwards to 1");

        // with the route in place: apply remembers it, undo puts it back
        RerouteAction plain = new RerouteAction(routes, v1, viaThree);
        assertTrue(plain.apply().changed());
        assertEquals(viaThree.via(), routes.lookup(mesh.vipAddress(1)).via());
        assertTrue(MeshTraffic.ping(mesh, 0, mesh.vipAddress(1)), "V1 through node 3");
        ActionOutcome back = plain.undo();
        assertTrue(back.ok() && back.changed(), back.toString());
        assertTrue(home.matches(routes.get(v1).orElseThrow()));
        assertFalse(plain.undo().changed(), "undo twice is a no-op");

        try (FaultInjector injector = new FaultInjector(mesh, null)) {
            Fault down = new Fault.LinkDown(0, 1);
            injector.inject(down);
            assertEquals(Optional.empty(), routes.get(v1));
            assertFalse(MeshTraffic.ping(mesh, 0, mesh.vipAddress(1)));

            RerouteAction reroute = new RerouteAction(routes, v1, viaThree, home);
            ActionOutcome applied = reroute.apply();
            assertTrue(applied.ok() && applied.changed(), applied.toString());
            ActionOutcome again = reroute.apply();
            assertTrue(again.ok() && !again.changed(), "idempotent: " + again);
            assertTrue(MeshTraffic.ping(mesh, 0, mesh.vipAddress(1)), "V1 through node 3 with link 0-1 down");

            ActionOutcome early = reroute.undo();
            assertFalse(early.ok(), "the old next hop is still down: " + early);
            assertTrue(viaThree.matches(routes.get(v1).orElseThrow()), "the reroute stays while undo cannot work");

            injector.clear(down);
            assertTrue(viaThree.matches(routes.get(v1).orElseThrow()), "reinstalling skips a rerouted prefix");
            ActionOutcome undone = reroute.undo();
            assertTrue(undone.ok() && undone.changed(), undone.toString());
            assertTrue(home.matches(routes.get(v1).orElseThrow()));
            assertEquals(mesh.ifname(0, 1), routes.lookup(mesh.vipAddress(1)).dev());
            assertTrue(MeshTraffic.ping(mesh, 0, mesh.vipAddress(1)));
        }
        MeshTraffic.assertNothingLeft(mesh);
    }

    /** Node 1's XDP filter drops node 0 after deny; undo restores no policy, then a prior ALLOW. */
    @Test
    void denyPeerDropsItsTrafficInXdpAndUndoRestoresThePreviousPolicy() {
        SpiffeId zero = mesh.spiffeId(0);
        String to1 = mesh.linkAddress(1, 0);
        try (MeshFilter filter = MeshFilter.builder().defaultAction(Action.ALLOW).build()) {
            filter.identities().register(zero, mesh.prefixes(0).toArray(String[]::new));
            NetNs.exec(mesh.netns(1), () -> filter.attach(mesh.ifname(1, 0)));
            assertTrue(MeshTraffic.ping(mesh, 0, to1));

            DenyPeerAction deny = new DenyPeerAction(filter, zero);
            assertTrue(deny.apply().changed());
            assertFalse(deny.apply().changed(), "idempotent");
            assertEquals(Optional.of(Action.DENY), filter.identities().policy(zero));
            assertFalse(MeshTraffic.ping(mesh, 0, to1), "denied in XDP");
            assertTrue(filter.stats().peer(zero).orElseThrow().traffic().droppedPolicy() >= 1);
            assertTrue(deny.undo().changed());
            assertEquals(Optional.empty(), filter.identities().policy(zero));
            assertTrue(MeshTraffic.ping(mesh, 0, to1));

            filter.allow(zero);
            try (AppliedActions applied = new AppliedActions()) {
                assertTrue(applied.apply(new DenyPeerAction(filter, zero)).ok());
                assertEquals(1, applied.active().size());
                assertEquals(Optional.of(Action.DENY), filter.identities().policy(zero));
            }
            assertEquals(Optional.of(Action.ALLOW), filter.identities().policy(zero), "closing undid the deny");
            assertTrue(MeshTraffic.ping(mesh, 0, to1));
        }
    }
}
