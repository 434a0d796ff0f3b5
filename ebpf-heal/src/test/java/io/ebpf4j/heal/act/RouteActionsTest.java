package io.ebpf4j.heal.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IpRoutes and RerouteAction on the routing table of a namespace this test creates (one veth pair; no
 * traffic): reading, replacing, looking up and deleting routes, and the outcomes of a reroute whose
 * steps fail (an unreachable next hop, a missing namespace, a device that went down).
 */
@RequiresKernel(KernelFeature.CAP_NET_ADMIN)
class RouteActionsTest {
    private static final String PREFIX = "203.0.113.0/24"; // TEST-NET-3: only ever a route in the test's namespace
    private static final String ADDRESS = "203.0.113.7";

    private VethPair veth;
    private IpRoutes routes;

    /** Creates the test's namespace (the tests that need none do not pay for one). */
    private void createNamespace() {
        veth = VethPair.create();
        routes = new IpRoutes(veth.netns());
    }

    @AfterEach
    void removeNamespace() {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void routesAreReadReplacedLookedUpAndDeleted() {
        createNamespace();
        assertEquals(veth.netns(), routes.netns());
        assertEquals("IpRoutes[" + veth.netns() + "]", routes.toString());
        assertEquals(Optional.empty(), routes.get(PREFIX));
        assertTrue(routes.list().stream().anyMatch(r -> r.dev().equals(veth.peerIf()) && r.via() == null),
                "the connected route of the veth: " + routes.list());

        routes.replace(Route.via(PREFIX, veth.hostIp()));
        Route installed = routes.get(PREFIX).orElseThrow();
        assertEquals(new Route(PREFIX, veth.hostIp(), veth.peerIf()), installed, "the kernel chose the device");
        assertTrue(Route.via(PREFIX, veth.hostIp()).matches(installed));
        Route chosen = routes.lookup(ADDRESS);
        assertEquals(new Route(ADDRESS + "/32", veth.hostIp(), veth.peerIf()), chosen);

        assertTrue(routes.delete(PREFIX));
        assertFalse(routes.delete(PREFIX), "nothing left to delete");
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> routes.lookup(ADDRESS));
        assertTrue(none.getMessage().startsWith("`ip -n " + veth.netns() + " -j route get " + ADDRESS + "` failed (exit "),
                none.getMessage());
        assertTrue(none.getMessage().contains("unreachable"), "the tool's own reason: " + none.getMessage());
    }

    @Test
    void ipOutputWithoutANextHopOrDeviceIsSkippedAndGarbageIsAnError() {
        assertEquals(List.of(), IpRoutes.parse("  \n"));
        assertEquals(List.of(new Route("10.0.0.0/8", null, "eth0")), IpRoutes.parse(
                "[{\"dst\":\"10.0.0.0/8\",\"dev\":\"eth0\"},{\"dst\":\"192.0.2.0/24\",\"type\":\"blackhole\"}]"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IpRoutes.parse("RTNETLINK answers"));
        assertEquals("cannot parse ip route JSON: RTNETLINK answers", e.getMessage());
    }

    @Test
    void aRerouteWhereThereWasNoRouteIsUndoneByDeletingIt() {
        createNamespace();
        RerouteAction reroute = new RerouteAction(routes, PREFIX, Route.via(PREFIX, veth.hostIp()));
        assertEquals("reroute", reroute.kind());
        assertEquals(PREFIX, reroute.prefix());
        assertEquals("RerouteAction[IpRoutes[" + veth.netns() + "]: " + PREFIX + " via " + veth.hostIp() + "]",
                reroute.toString());
        assertEquals(ActionOutcome.unchanged("not applied").detail(), reroute.undo().detail());

        ActionOutcome applied = reroute.apply();
        assertTrue(applied.ok() && applied.changed(), applied.toString());
        assertEquals(PREFIX + " via " + veth.hostIp() + " (was no route)", applied.detail());
        assertTrue(reroute.applied());
        assertFalse(reroute.apply().changed(), "in place already");

        ActionOutcome undone = reroute.undo();
        assertTrue(undone.ok() && undone.changed(), undone.toString());
        assertEquals("deleted " + PREFIX + " (there was no route before)", undone.detail());
        assertEquals(Optional.empty(), routes.get(PREFIX));
        assertFalse(reroute.applied());
    }

    @Test
    void failedStepsAreFailedOutcomesWithTheToolsReasonAndChangeNothing() {
        createNamespace();
        Route unreachable = Route.via(PREFIX, "192.0.2.1"); // no route to this next hop in the namespace
        RerouteAction bad = new RerouteAction(routes, PREFIX, unreachable);
        ActionOutcome failed = bad.apply();
        assertFalse(failed.ok(), failed.toString());
        assertTrue(failed.detail().startsWith("route replace " + PREFIX + " via 192.0.2.1: `ip -n " + veth.netns()
                + " route replace " + PREFIX + " via 192.0.2.1` failed (exit "), failed.detail());
        assertFalse(bad.applied());
        assertEquals(Optional.empty(), routes.get(PREFIX));

        RerouteAction nowhere = new RerouteAction(new IpRoutes(veth.netns() + "-gone"), PREFIX, unreachable);
        ActionOutcome unread = nowhere.apply();
        assertFalse(unread.ok());
        assertTrue(unread.detail().startsWith("reading the route to " + PREFIX + ": `ip -n " + veth.netns() + "-gone"),
                unread.detail());
    }

    @Test
    void anUndoWhileTheOldDeviceIsDownFailsKeepsTheRerouteAndCanBeRetried() {
        createNamespace();
        Route home = Route.via(PREFIX, veth.hostIp());
        routes.replace(home);
        RerouteAction toLoopback = new RerouteAction(routes, PREFIX, new Route(PREFIX, null, "lo"));
        assertTrue(toLoopback.apply().changed());
        assertEquals("lo", routes.get(PREFIX).orElseThrow().dev());

        veth.execInNetns("ip", "link", "set", veth.peerIf(), "down");
        ActionOutcome early = toLoopback.undo();
        assertFalse(early.ok(), early.toString());
        assertTrue(early.detail().startsWith("restoring " + PREFIX + " via " + veth.hostIp() + " dev " + veth.peerIf() + ": "),
                early.detail());
        assertTrue(toLoopback.applied(), "still applied: undo can be retried");
        assertEquals("lo", routes.get(PREFIX).orElseThrow().dev(), "the reroute stays");

        veth.execInNetns("ip", "link", "set", veth.peerIf(), "up");
        ActionOutcome back = toLoopback.undo();
        assertTrue(back.ok() && back.changed(), back.toString());
        assertEquals("restored " + PREFIX + " via " + veth.hostIp() + " dev " + veth.peerIf(), back.detail());
        assertTrue(home.matches(routes.get(PREFIX).orElseThrow()));
    }

    @Test
    void aReplacementOrRestoreRouteForAnotherPrefixIsRefused() {
        Routes routes = new IpRoutes("e4j-never-used"); // refused before any command runs
        Route other = Route.via("198.51.100.0/24", "192.0.2.1");
        assertEquals("replacement 198.51.100.0/24 via 192.0.2.1 is not a route to " + PREFIX,
                assertThrows(IllegalArgumentException.class, () -> new RerouteAction(routes, PREFIX, other)).getMessage());
        assertEquals("restoreTo 198.51.100.0/24 via 192.0.2.1 is not a route to " + PREFIX,
                assertThrows(IllegalArgumentException.class,
                        () -> new RerouteAction(routes, PREFIX, Route.via(PREFIX, "192.0.2.1"), other)).getMessage());
        assertEquals("route to 192.0.2.9/32 needs a next hop or a device",
                assertThrows(IllegalArgumentException.class, () -> new Route("192.0.2.9", null, null)).getMessage());
        assertEquals("not a route prefix: 'a b'", assertThrows(IllegalArgumentException.class,
                () -> Route.normalise("a b")).getMessage());
        assertEquals("2001:db8::1/128", Route.normalise("2001:db8::1"));
    }
}
