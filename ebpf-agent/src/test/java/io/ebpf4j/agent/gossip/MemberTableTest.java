package io.ebpf4j.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemberTableTest {
    private final AtomicLong clock = new AtomicLong(100);
    private final MemberTable t = new MemberTable(clock::get, n -> 1000L * n);

    private Liveness of(int node) {
        var s = t.byNode().get(node);
        return s == null ? null : s.liveness();
    }

    @Test
    void followsSwimOrderingOfSuspicionAndRefutation() {
        t.added("m1", 1, "node-1");
        t.verdict("m1", Liveness.SUSPECT, -1); // local detector, at the incarnation known (0)
        assertEquals(Liveness.SUSPECT, of(1));
        clock.set(200);
        t.verdict("m1", Liveness.ALIVE, 0); // same incarnation: does not refute
        assertEquals(Liveness.SUSPECT, of(1));
        assertEquals(100, t.byNode().get(1).sinceNanos());
        t.verdict("m1", Liveness.ALIVE, 1); // the member refuted with a newer incarnation
        assertEquals(Liveness.ALIVE, of(1));
        assertEquals(200, t.byNode().get(1).sinceNanos());
        t.verdict("m1", Liveness.SUSPECT, 0); // an old suspicion
        assertEquals(Liveness.ALIVE, of(1));
        t.verdict("m1", Liveness.SUSPECT, 1);
        assertEquals(Liveness.SUSPECT, of(1));
    }

    @Test
    void aSuspicionNeitherConfirmedNorRefutedInTimeWasRefuted() {
        t.added("m1", 1, "node-1");
        t.added("m2", 2, "node-2");
        t.verdict("m1", Liveness.SUSPECT, 0);
        clock.addAndGet(2000); // the timeout for 2 members
        assertEquals(Liveness.SUSPECT, of(1));
        clock.addAndGet(1);
        assertEquals(Liveness.ALIVE, of(1), "the library would have removed it by now");
        assertEquals(clock.get(), t.byNode().get(1).sinceNanos());
    }

    @Test
    void anAckToThisNodesOwnProbeClearsASuspicion() {
        t.added("m1", 1, "node-1");
        t.verdict("m1", Liveness.SUSPECT, 0); // another member's suspicion, gossiped
        assertEquals(Liveness.SUSPECT, of(1));
        clock.set(500);
        t.verdict("m1", Liveness.ALIVE, -1); // this node's probe was answered
        assertEquals(Liveness.ALIVE, of(1));
        assertEquals(500, t.byNode().get(1).sinceNanos());
        t.verdict("m1", Liveness.SUSPECT, -1); // this node's probe failed again
        assertEquals(Liveness.SUSPECT, of(1));
    }

    @Test
    void gossipedLeavingAndDeadRecordsWaitForTheLibrarysEvents() {
        t.added("m1", 1, "node-1");
        t.verdict("m1", Liveness.DEAD, 3);
        t.verdict("m1", Liveness.LEAVING, 3);
        assertEquals(Liveness.ALIVE, of(1));
    }

    @Test
    void leavingAndDeadAreFinalForARun() {
        t.added("m1", 1, "node-1");
        t.leaving("m1");
        assertEquals(Liveness.LEAVING, of(1));
        t.verdict("m1", Liveness.ALIVE, 9);
        assertEquals(Liveness.LEAVING, of(1));
        t.removed("m1");
        assertEquals(Liveness.DEAD, of(1));
        t.verdict("m1", Liveness.SUSPECT, 9);
        assertEquals(Liveness.DEAD, of(1));
        assertEquals(1, t.nodeOf("m1"));
        assertEquals(-1, t.nodeOf("unknown"));
        t.verdict("unknown", Liveness.SUSPECT, 0);
        assertNull(t.byNode().get(7));
    }

    @Test
    void aNodesNewRunIsWhatCounts() {
        t.added("old", 2, "node-2");
        t.verdict("old", Liveness.SUSPECT, -1);
        clock.set(300);
        t.added("new", 2, "node-2");
        assertEquals(Liveness.ALIVE, of(2), "the restarted agent is alive while its previous run is still suspect");
        t.removed("old");
        assertEquals(Liveness.ALIVE, of(2));
        t.verdict("new", Liveness.SUSPECT, -1);
        assertEquals(Liveness.SUSPECT, of(2));
    }
}
