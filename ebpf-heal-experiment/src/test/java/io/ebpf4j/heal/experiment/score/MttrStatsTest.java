package io.ebpf4j.heal.experiment.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MttrStatsTest {
    private static List<OptionalLong> of(long... v) {
        return LongStream.of(v).mapToObj(OptionalLong::of).toList();
    }

    @Test
    void nearestRankPercentiles() {
        MttrStats ten = MttrStats.of(of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
        assertEquals(OptionalLong.of(5), ten.p50Nanos());
        assertEquals(OptionalLong.of(10), ten.p95Nanos());
        assertEquals(OptionalLong.of(10), ten.maxNanos());
        MttrStats twenty = MttrStats.of(of(LongStream.rangeClosed(1, 20).toArray()));
        assertEquals(OptionalLong.of(10), twenty.p50Nanos());
        assertEquals(OptionalLong.of(19), twenty.p95Nanos());
        MttrStats one = MttrStats.of(of(7));
        assertEquals(OptionalLong.of(7), one.p50Nanos());
        assertEquals(OptionalLong.of(7), one.p95Nanos());
    }

    @Test
    void unrecoveredFaultsAreCountedNotAveraged() {
        List<OptionalLong> v = new ArrayList<>(of(3, 1));
        v.add(OptionalLong.empty());
        MttrStats s = MttrStats.of(v);
        assertEquals(2, s.count());
        assertEquals(1, s.unrecovered());
        assertEquals(OptionalLong.of(1), s.p50Nanos());
        assertEquals(OptionalLong.of(3), s.maxNanos());
        MttrStats none = MttrStats.of(List.of(OptionalLong.empty()));
        assertEquals(0, none.count());
        assertTrue(none.p50Nanos().isEmpty() && none.p95Nanos().isEmpty() && none.maxNanos().isEmpty());
    }

    @Property
    void percentilesAreMembersInOrder(@ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 1_000_000) Long> v) {
        MttrStats s = MttrStats.of(v.stream().map(OptionalLong::of).toList());
        long p50 = s.p50Nanos().getAsLong();
        long p95 = s.p95Nanos().getAsLong();
        assertTrue(v.contains(p50) && v.contains(p95));
        assertTrue(p50 <= p95 && p95 <= s.maxNanos().getAsLong());
        long atOrBelow = v.stream().filter(x -> x <= p95).count();
        assertTrue(atOrBelow * 100 >= 95L * v.size(), "at least 95 % at or below p95");
    }
}
