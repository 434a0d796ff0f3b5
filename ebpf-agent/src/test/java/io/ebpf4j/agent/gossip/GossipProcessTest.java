package io.ebpf4j.agent.gossip;

import static io.ebpf4j.agent.gossip.Views.await;
import static io.ebpf4j.agent.gossip.Views.edge;
import static io.ebpf4j.agent.gossip.Views.edgeOf;
import static io.ebpf4j.agent.gossip.Views.liveness;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Members in separate JVMs: updates cross the process boundary; a killed process turns suspect, then dead. */
class GossipProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anUpdateCrossesProcessesBothWaysAndAKilledMemberTurnsSuspectThenDead() throws Exception {
        try (Views views = new Views()) {
            GossipView a = views.start(0);
            MemberProcess b = null;
            MemberProcess c = null;
            try {
                b = new MemberProcess(1, a.address(), MemberProcess.log("process-test-1"));
                c = new MemberProcess(2, b.address, MemberProcess.log("process-test-2"));
                await("both child members alive at node 0", WAIT,
                        () -> liveness(a, 1) == Liveness.ALIVE && liveness(a, 2) == Liveness.ALIVE, a::membership);

                b.send("edge 0 false 1.0");
                await("node 1's edge in this process", WAIT,
                        () -> edgeOf(a.snapshot(0), 1, 0) != null && edgeOf(a.snapshot(0), 1, 0).score() == 1.0,
                        () -> a.snapshot(0));

                a.publishEdges(List.of(edge(0, 1, true, 2.5)));
                assertTrue(b.expect("RECV 0 1 true 2.5 ", WAIT).startsWith("RECV"));
                assertTrue(c.expect("RECV 0 1 true 2.5 ", WAIT).startsWith("RECV"));
                assertTrue(c.expect("RECV 1 0 false 1.0 ", WAIT).startsWith("RECV"), "node 1's edge reached node 2 too");

                Set<Liveness> seen = ConcurrentHashMap.newKeySet();
                Thread.ofPlatform().daemon().start(() -> {
                    while (!seen.contains(Liveness.DEAD)) {
                        Liveness l = liveness(a, 2);
                        if (l != null) {
                            seen.add(l);
                        }
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                c.kill(); // SIGKILL: no leave announcement
                await("the killed member dead at node 0", WAIT, () -> liveness(a, 2) == Liveness.DEAD, a::membership);
                assertTrue(seen.contains(Liveness.SUSPECT), "suspected before declared dead: " + seen);
                await("node 1 still alive", WAIT, () -> liveness(a, 1) == Liveness.ALIVE, a::membership);
                MemberProcess one = b;
                await("node 1 to see nodes 0 and 1 alive (a suspicion a loaded machine caused is refuted)", WAIT, () -> {
                    one.send("alive");
                    return one.expect("ALIVE", WAIT).startsWith("ALIVE 2 ");
                }, () -> "node 1 answers " + one.drain() + "; node 0 sees " + a.membership());
            } finally {
                if (c != null) {
                    c.close();
                }
                if (b != null) {
                    b.close();
                }
            }
        }
    }
}
