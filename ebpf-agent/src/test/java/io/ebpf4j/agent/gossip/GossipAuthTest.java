package io.ebpf4j.agent.gossip;

import static io.ebpf4j.agent.gossip.Views.QUICK;
import static io.ebpf4j.agent.gossip.Views.await;
import static io.ebpf4j.agent.gossip.Views.edge;
import static io.ebpf4j.agent.gossip.Views.liveness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gossip authenticated with HMAC-SHA256 ({@code gossip.auth}), views in one JVM on loopback: two
 * members holding the mesh keys (in the middle of a rotation: each signs with another key, both accept
 * both) converge; a member without keys and one with another key, both seeding through a keyed member
 * and publishing a forged "sick link" record, neither join nor get a record into the keyed members'
 * views, and every message they send is dropped before decoding and counted.
 */
class GossipAuthTest {
    private static final Duration CONVERGE = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] key() {
        byte[] k = new byte[GossipKeys.KEY_BYTES];
        RANDOM.nextBytes(k);
        return k;
    }

    @Test
    void membersWithoutTheMeshKeyCanNeitherJoinNorInjectRecords() throws Exception {
        byte[] old = key();
        byte[] fresh = key();
        try (Views views = new Views()) {
            // default timing (not Views.QUICK): a and b must not suspect each other on a loaded machine
            GossipView a = views.start(GossipSettings.defaults(), GossipKeys.of(old, fresh), 0);
            GossipView b = views.start(GossipSettings.defaults(), GossipKeys.of(fresh, old), 1, a.address());
            GossipView noKey = views.start(QUICK, null, 2, a.address());
            GossipView otherKey = views.start(QUICK, GossipKeys.of(key()), 3, a.address());
            a.publishEdges(List.of(edge(0, 1, false, 0.1)));
            b.publishEdges(List.of(edge(1, 0, false, 0.2)));
            noKey.publishEdges(List.of(edge(2, 0, true, 0.9))); // forged: the link 2 -> 0 looks sick
            otherKey.publishEdges(List.of(edge(3, 0, true, 0.9)));

            for (GossipView v : List.of(a, b)) {
                await("a's and b's records in the view of node " + v.node(), CONVERGE,
                        () -> v.snapshot(System.nanoTime()).edges().size() >= 2, () -> v.snapshot(System.nanoTime()));
                await("a and b alive for node " + v.node(), CONVERGE,
                        () -> liveness(v, 0) == Liveness.ALIVE && liveness(v, 1) == Liveness.ALIVE, v::membership);
            }
            await("the keyless members' messages refused by a", CONVERGE, () -> a.traffic().unauthenticated() >= 10,
                    a::traffic);
            // for 3 s (their gossip would have spread many times over, were it accepted): never a record or a
            // membership of theirs in a keyed view
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                for (GossipView v : List.of(a, b)) {
                    TelemetryGraph g = v.snapshot(System.nanoTime());
                    assertTrue(g.edges().stream().allMatch(e -> e.from() == 0 || e.from() == 1),
                            "a record of a keyless member in the view of node " + v.node() + ": " + g.edges());
                    assertFalse(v.membership().containsKey(2) || v.membership().containsKey(3),
                            "a keyless member joined: " + v.membership());
                }
                Thread.sleep(10);
            }
            for (GossipView v : List.of(a, b)) {
                await("exactly the keyed members' records in the view of node " + v.node(), CONVERGE,
                        () -> v.snapshot(System.nanoTime()).edges().equals(List.of(edge(0, 1, false, 0.1),
                                edge(1, 0, false, 0.2))), () -> v.snapshot(System.nanoTime()));
            }
            assertEquals(List.of(), noKey.snapshot(System.nanoTime()).edges().stream().filter(e -> e.from() != 2).toList(),
                    "and they learn nothing from the mesh");
            assertTrue(noKey.traffic().messagesSent() > 0 && otherKey.traffic().messagesSent() > 0);
            assertEquals(0, b.traffic().unauthenticated(), "b was never reached by them: they learnt no member from a");
            System.out.printf("gossip auth: a refused %d unauthenticated messages of %d received; keyed members "
                    + "converged mid-rotation%n", a.traffic().unauthenticated(), a.traffic().messagesReceived());
        }
    }
}
