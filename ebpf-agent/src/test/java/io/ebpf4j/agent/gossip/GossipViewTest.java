package io.ebpf4j.agent.gossip;

import static io.ebpf4j.agent.gossip.Views.await;
import static io.ebpf4j.agent.gossip.Views.edge;
import static io.ebpf4j.agent.gossip.Views.edgeOf;
import static io.ebpf4j.agent.gossip.Views.features;
import static io.ebpf4j.agent.gossip.Views.liveness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Views in one JVM on loopback: convergence, state changes, stale records, members that stop. */
class GossipViewTest {
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @Test
    void twoMembersSeeEachOthersRecordsAndMembership() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            a.publishEdges(List.of(edge(0, 1, false, 0.1)));
            a.publishNode(features(0, false));
            b.publishEdges(List.of(edge(1, 0, false, 0.2)));
            b.publishNode(features(1, false));

            for (GossipView v : List.of(a, b)) {
                await("both nodes' records in the view of node " + v.node(), CONVERGE,
                        () -> v.snapshot(System.nanoTime()).edges().size() == 2
                                && v.snapshot(System.nanoTime()).nodes().size() == 2,
                        () -> v.snapshot(System.nanoTime()));
                await("both members alive for node " + v.node(), CONVERGE,
                        () -> liveness(v, 0) == Liveness.ALIVE && liveness(v, 1) == Liveness.ALIVE, v::membership);
            }
            TelemetryGraph g = b.snapshot(42);
            assertEquals(42, g.monoNanos());
            assertEquals(List.of(edge(0, 1, false, 0.1), edge(1, 0, false, 0.2)), g.edges(), "ordered by (from, to)");
            assertEquals(List.of(features(0, false), features(1, false)), g.nodes());
            assertEquals("node-0", b.membership().get(0).name());
            assertTrue(a.traffic().gossipMessagesSent() > 0 && a.traffic().bytesSent() > a.traffic().gossipBytesSent());
            assertTrue(b.traffic().messagesReceived() > 0);
        }
    }

    @Test
    void threeMembersConvergeAndAnEdgeStateChangeReachesTheOthers() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            GossipView c = views.start(2, a.address()); // knows only a: learns b through the membership
            List<GossipView> all = List.of(a, b, c);
            for (GossipView v : all) {
                int n = v.node();
                v.publishEdges(List.of(edge(n, (n + 1) % 3, false, 0), edge(n, (n + 2) % 3, false, 0)));
            }
            for (GossipView v : all) {
                await("six edges in the view of node " + v.node(), CONVERGE,
                        () -> v.snapshot(System.nanoTime()).edges().size() == 6, () -> v.snapshot(System.nanoTime()));
            }

            a.publishEdges(List.of(edge(0, 1, true, 7.5)));
            for (GossipView v : List.of(b, c)) {
                await("edge 0->1 anomalous in the view of node " + v.node(), Duration.ofSeconds(5),
                        () -> edgeOf(v.snapshot(System.nanoTime()), 0, 1).anomalous(), () -> v.snapshot(System.nanoTime()));
                EdgeFeatures e = edgeOf(v.snapshot(System.nanoTime()), 0, 1);
                assertEquals(7.5, e.score());
                assertFalse(edgeOf(v.snapshot(System.nanoTime()), 0, 2).anomalous(), "the other edge is unchanged");
            }
        }
    }

    @Test
    void withoutTheDirectPushTheGossipAloneCarriesAChangeToEveryMember() {
        GossipSettings gossipOnly = Views.QUICK.withDirectPush(false);
        try (Views views = new Views()) {
            GossipView a = views.start(gossipOnly, 0);
            List<GossipView> others = List.of(views.start(gossipOnly, 1, a.address()), views.start(gossipOnly, 2, a.address()),
                    views.start(gossipOnly, 3, a.address()), views.start(gossipOnly, 4, a.address()));
            for (GossipView v : others) {
                await("5 members alive at node " + v.node(), CONVERGE,
                        () -> v.membership().values().stream().filter(m -> m.liveness() == Liveness.ALIVE).count() == 5,
                        v::membership);
            }
            a.publishEdges(List.of(edge(0, 1, true, 3.0)));
            for (GossipView v : others) {
                await("edge 0->1 anomalous at node " + v.node(), Duration.ofSeconds(5),
                        () -> edgeOf(v.snapshot(0), 0, 1) != null && edgeOf(v.snapshot(0), 0, 1).anomalous(),
                        () -> v.snapshot(0));
            }
        }
    }

    @Test
    void valueChangesTravelWithTheNextRefresh() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            a.publishEdges(List.of(edge(0, 1, false, 0.5)));
            await("edge 0->1 at b", CONVERGE, () -> edgeOf(b.snapshot(0), 0, 1) != null, () -> b.snapshot(0));
            a.publishEdges(List.of(edge(0, 1, false, 0.75))); // same state, new value: waits for the refresh
            await("the refreshed value at b", Duration.ofSeconds(5), () -> edgeOf(b.snapshot(0), 0, 1).score() == 0.75,
                    () -> b.snapshot(0));
        }
    }

    @Test
    void staleDuplicateAndOlderRunRecordsNeverOverwriteNewerOnes() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            await("b sees a", CONVERGE, () -> liveness(b, 0) == Liveness.ALIVE, b::membership);

            // node 7's records, replayed through a's gossip as a forger or a slow relay would
            a.gossip(pub(7, 100, 5, true, 5.0));
            await("node 7 seq 5 at b", CONVERGE, () -> b.latest(7) != null && b.latest(7).seq() == 5, () -> b.latest(7));
            a.gossip(pub(7, 100, 4, false, 4.0)); // stale: same run, older sequence
            a.gossip(pub(7, 100, 5, false, 5.5)); // duplicate sequence
            a.gossip(pub(7, 99, 9, false, 9.0)); // previous run, however high its sequence
            a.gossip(pub(8, 1, 0, false, 0)); // a marker spread after them
            await("marker at b", CONVERGE, () -> b.latest(8) != null, () -> b.latest(8));
            sleep(300); // the epidemic's redundant rounds of all four

            EdgeFeatures e = edgeOf(b.snapshot(0), 7, 0);
            assertNotNull(e);
            assertTrue(e.anomalous());
            assertEquals(5.0, e.score());
            assertEquals(5, b.latest(7).seq());

            a.gossip(pub(7, 101, 0, false, 1.0)); // a new run of node 7 (restarted agent)
            await("the new run's records at b", CONVERGE, () -> b.latest(7).epoch() == 101, () -> b.latest(7));
            assertFalse(edgeOf(b.snapshot(0), 7, 0).anomalous());
        }
    }

    @Test
    void aViewPublishesItsOwnRecordsOnly() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            assertThrows(IllegalArgumentException.class, () -> a.publishEdges(List.of(edge(1, 0, false, 0))));
            assertThrows(IllegalArgumentException.class, () -> a.publishNode(features(3, false)));
            assertTrue(a.snapshot(0).edges().isEmpty());
            assertEquals(Liveness.ALIVE, liveness(a, 0));
        }
    }

    @Test
    void aMemberThatLeavesIsSeenLeavingThenDeadAndItsRecordsGo() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            GossipView c = views.start(2, a.address());
            c.publishEdges(List.of(edge(2, 0, false, 0)));
            for (GossipView v : List.of(a, b)) {
                await("c's edge at node " + v.node(), CONVERGE, () -> edgeOf(v.snapshot(0), 2, 0) != null, () -> v.snapshot(0));
            }
            Set<Liveness> seen = watch(a, 2);
            c.close();
            c.close(); // idempotent
            for (GossipView v : List.of(a, b)) {
                await("node 2 dead at node " + v.node(), CONVERGE, () -> liveness(v, 2) == Liveness.DEAD, v::membership);
                await("node 2's records gone at node " + v.node(), CONVERGE, () -> edgeOf(v.snapshot(0), 2, 0) == null,
                        () -> v.snapshot(0));
            }
            assertTrue(seen.contains(Liveness.LEAVING), "a graceful stop is announced: " + seen);
            assertFalse(seen.contains(Liveness.SUSPECT), "a graceful stop is not suspected: " + seen);
        }
    }

    @Test
    void aMemberThatCrashesTurnsSuspectThenDead() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            GossipView c = views.start(2, a.address());
            c.publishEdges(List.of(edge(2, 0, false, 0)));
            for (GossipView v : List.of(a, b)) {
                await("node 2 alive at node " + v.node(), CONVERGE, () -> liveness(v, 2) == Liveness.ALIVE, v::membership);
            }
            Set<Liveness> seenByA = watch(a, 2);
            Set<Liveness> seenByB = watch(b, 2);
            long crashed = System.nanoTime();
            c.crash(); // its sockets close, no leave announcement
            for (GossipView v : List.of(a, b)) {
                await("node 2 dead at node " + v.node(), CONVERGE, () -> liveness(v, 2) == Liveness.DEAD, v::membership);
            }
            assertTrue(seenByA.contains(Liveness.SUSPECT) || seenByB.contains(Liveness.SUSPECT),
                    "suspected before declared dead: " + seenByA + " " + seenByB);
            assertFalse(seenByA.contains(Liveness.LEAVING) || seenByB.contains(Liveness.LEAVING), "no leave announced");
            assertTrue(a.membership().get(2).sinceNanos() > crashed);
            assertEquals(Liveness.ALIVE, liveness(a, 1));
            assertEquals(Liveness.ALIVE, liveness(b, 0));
        }
    }

    @Test
    void aRestartedMemberIsAliveAgainAndItsNewRunWins() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            GossipView b = views.start(1, a.address());
            b.publishEdges(List.of(edge(1, 0, true, 1)));
            await("b's edge at a", CONVERGE, () -> edgeOf(a.snapshot(0), 1, 0) != null, () -> a.snapshot(0));
            b.crash();
            await("node 1 suspect or dead", CONVERGE, () -> liveness(a, 1) != Liveness.ALIVE, a::membership);
            sleep(2); // the new run's epoch (start milliseconds) is later
            GossipView b2 = views.start(1, a.address());
            b2.publishEdges(List.of(edge(1, 0, false, 2)));
            await("node 1 alive again", CONVERGE, () -> liveness(a, 1) == Liveness.ALIVE, a::membership);
            await("the new run's edge", CONVERGE,
                    () -> edgeOf(a.snapshot(0), 1, 0) != null && edgeOf(a.snapshot(0), 1, 0).score() == 2, () -> a.snapshot(0));
            await("node 1 still alive once its old run is dead", CONVERGE, () -> {
                sleep(20);
                return liveness(a, 1) == Liveness.ALIVE && edgeOf(a.snapshot(0), 1, 0) != null;
            }, a::membership);
            b.close();
        }
    }

    @Test
    void aViewWithoutBindAddressIsRefused() {
        var plan = new io.ebpf4j.agent.GossipPlan(Optional.empty(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GossipView.start(plan, 0, "n"));
        assertTrue(e.getMessage().contains("gossip.bind"), e.getMessage());
    }

    @Test
    void aBusyPortIsReportedWithTheAddressAndWhatToCheck() {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            var plan = new io.ebpf4j.agent.GossipPlan(Optional.of(new java.net.InetSocketAddress("127.0.0.1",
                    Integer.parseInt(a.address().substring(a.address().lastIndexOf(':') + 1)))), List.of());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> GossipView.start(plan, 1, "n1"));
            assertTrue(e.getMessage().contains("gossip.bind"), e.getMessage());
            assertNull(a.membership().get(1));
        }
    }

    private static Publication pub(int node, long epoch, long seq, boolean anomalous, double score) {
        return new Publication(node, "node-" + node, epoch, seq, Optional.empty(), List.of(edge(node, 0, anomalous, score)));
    }

    /** Every state {@code v} shows for {@code node} from now on, polled every 2 ms by a daemon thread. */
    private static Set<Liveness> watch(GossipView v, int node) {
        Set<Liveness> seen = ConcurrentHashMap.newKeySet();
        Thread.ofPlatform().daemon().name("watch-" + node).start(() -> {
            while (!seen.contains(Liveness.DEAD)) {
                Liveness l = liveness(v, node);
                if (l != null) {
                    seen.add(l);
                }
                sleep(2);
            }
        });
        return seen;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
