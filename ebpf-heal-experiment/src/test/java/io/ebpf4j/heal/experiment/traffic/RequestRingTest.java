package io.ebpf4j.heal.experiment.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestRingTest {
    @Test
    void aRequestResolvesOnceAndLateRepliesAreIgnored() {
        RequestRing r = new RequestRing("f", Proto.UDP, 4);
        long s0 = r.begin(100);
        long s1 = r.begin(110);
        assertTrue(r.finish(s0, Outcome.TIMEOUT, 200));
        assertFalse(r.finish(s0, Outcome.OK, 210), "a late echo after the timeout changes nothing");
        assertTrue(r.finish(s1, Outcome.OK, 115));
        assertFalse(r.finish(7, Outcome.OK, 300), "never sent");
        FlowSeries s = r.snapshot();
        assertArrayEquals(new long[] {100, 110}, s.sendNanos());
        assertArrayEquals(new Outcome[] {Outcome.TIMEOUT, Outcome.OK}, s.outcomes());
        assertArrayEquals(new long[] {100, 5}, s.latencyNanos());
    }

    @Property
    void theRingKeepsTheNewestCapacityRequestsInOrder(@ForAll @IntRange(min = 1, max = 20) int capacity,
            @ForAll @IntRange(min = 0, max = 100) int sent) {
        RequestRing r = new RequestRing("f", Proto.TCP, capacity);
        for (int i = 0; i < sent; i++) {
            r.begin(1000L * i);
        }
        FlowSeries s = r.snapshot();
        assertEquals(Math.min(capacity, sent), s.size());
        for (int k = 0; k < s.size(); k++) {
            assertEquals(1000L * (sent - s.size() + k), s.sendNanos()[k]);
            assertEquals(Outcome.PENDING, s.outcomes()[k]);
        }
        if (sent > capacity) {
            assertNull(r.outcome(sent - capacity - 1), "overwritten");
            assertFalse(r.finish(sent - capacity - 1, Outcome.OK, 0));
        }
    }

    @Property
    void payloadsRoundTripAndForeignOnesAreRejected(@ForAll @IntRange(min = 0, max = 1000) int flow,
            @ForAll long seq, @ForAll @IntRange(min = 24, max = 200) int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        Payload.write(b, flow, seq, size);
        assertEquals(seq, Payload.seqOf(b, flow, size));
        assertEquals(-1, Payload.seqOf(b, flow + 1, size));
        b.put(size - 1, (byte) (b.get(size - 1) + 1));
        assertEquals(-1, Payload.seqOf(b, flow, size), "a corrupted echo is no echo");
    }
}
