package io.ebpf4j.agent.gossip;

import static io.ebpf4j.agent.gossip.Views.edge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatestRecordsTest {
    private static Publication pub(int node, long epoch, long seq) {
        return new Publication(node, "n" + node, epoch, seq, Optional.empty(), List.of(edge(node, 9, seq % 2 == 0, seq)));
    }

    @Test
    void takesOnlyNewerVersions() {
        LatestRecords r = new LatestRecords();
        assertTrue(r.offer(pub(1, 10, 5)));
        assertFalse(r.offer(pub(1, 10, 5)), "duplicate");
        assertFalse(r.offer(pub(1, 10, 4)), "stale");
        assertFalse(r.offer(pub(1, 9, 99)), "an older run");
        assertEquals(5, r.of(1).seq());
        assertTrue(r.offer(pub(1, 10, 6)));
        assertTrue(r.offer(pub(1, 11, 0)), "a newer run starts again at 0");
        assertEquals(11, r.of(1).epoch());
        assertTrue(r.offer(pub(2, 1, 0)), "nodes are independent");
    }

    @Test
    void inAnyArrivalOrderTheNewestWins() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Publication> ps = new ArrayList<>();
            for (int seq = 0; seq < 20; seq++) {
                ps.add(pub(round % 5, 3, seq));
                ps.add(pub(round % 5, 3, seq)); // duplicates
            }
            Collections.shuffle(ps, random);
            LatestRecords r = new LatestRecords();
            ps.forEach(r::offer);
            assertEquals(19, r.of(round % 5).seq());
            assertEquals(19.0, r.edges().getFirst().score());
        }
    }

    @Test
    void aForgottenNodesLateRecordsDoNotComeBack() {
        LatestRecords r = new LatestRecords();
        r.offer(pub(4, 1, 3));
        assertTrue(r.forget(4));
        assertFalse(r.forget(4));
        assertNull(r.of(4));
        assertFalse(r.offer(pub(4, 1, 2)), "a late gossip of the removed run");
        assertFalse(r.offer(pub(4, 1, 3)));
        assertTrue(r.edges().isEmpty());
        assertTrue(r.offer(pub(4, 2, 0)), "its next run");
    }
}
