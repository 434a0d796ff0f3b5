package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The log2-to-classic bucket conversion keeps every sample, in a fixed layout of growing bounds. */
class Log2BucketsPropertyTest {
    @Property(tries = 200)
    void everySampleKeptInAFixedLayout(@ForAll @Size(64) long[] any) {
        long[] log2 = Arrays.stream(any).map(v -> Math.floorMod(v, 1L << 40)).toArray(); // counts are never negative
        ClassicHistogramBuckets b = Families.buckets(log2);
        assertEquals(Families.TOP_BUCKET + 1, b.size());
        long total = 0;
        for (int i = 0; i < b.size(); i++) {
            total += b.getCount(i);
            if (i > 0) {
                assertTrue(b.getUpperBound(i) > b.getUpperBound(i - 1));
            }
            if (i < Families.TOP_BUCKET) {
                assertEquals(log2[i], b.getCount(i));
                assertEquals(Math.scalb(1.0, i + 1), b.getUpperBound(i) * 1e9, 1e-6 * Math.scalb(1.0, i + 1));
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, b.getUpperBound(b.size() - 1));
        assertEquals(Arrays.stream(log2).sum(), total);
    }
}
