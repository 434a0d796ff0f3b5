package io.ebpf4j.hooks.syscall;

import java.util.Arrays;

/**
 * A log2 latency histogram of one syscall, summed over CPUs. Bucket 0 counts calls of 0 or 1 ns;
 * bucket {@code i >= 1} counts calls of {@code [2^i, 2^(i+1))} ns.
 *
 * @param syscall  the syscall
 * @param buckets  64 bucket counts (a copy is kept and returned)
 * @param count    calls measured
 * @param sumNanos their total duration, ns
 */
public record LatencyHistogram(Syscall syscall, long[] buckets, long count, long sumNanos) {
    /** The number of buckets. */
    public static final int BUCKETS = 64;

    public LatencyHistogram {
        if (buckets.length != BUCKETS) {
            throw new IllegalArgumentException("a histogram has " + BUCKETS + " buckets, not " + buckets.length);
        }
        buckets = buckets.clone();
    }

    @Override
    public long[] buckets() {
        return buckets.clone();
    }

    /** The lower bound of bucket {@code i}, ns. */
    public static long bucketLow(int i) {
        return i == 0 ? 0 : 1L << i;
    }

    /** The mean duration in ns, or 0 with no calls. */
    public double meanNanos() {
        return count == 0 ? 0 : (double) sumNanos / count;
    }

    /** The estimated median, ns. */
    public double p50Nanos() {
        return percentileNanos(0.50);
    }

    /** The estimated 99th percentile, ns. */
    public double p99Nanos() {
        return percentileNanos(0.99);
    }

    /**
     * Estimates the {@code q} quantile ({@code 0 < q <= 1}) by linear interpolation inside the log2 bucket
     * that holds it; exact to within a factor of two. 0 with no calls.
     */
    public double percentileNanos(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        long total = Arrays.stream(buckets).sum();
        if (total == 0) {
            return 0;
        }
        double rank = Math.ceil(q * total);
        long before = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long n = buckets[i];
            if (n > 0 && before + n >= rank) {
                double low = bucketLow(i);
                double high = Math.scalb(1.0, i + 1);
                return low + (rank - before) / n * (high - low);
            }
            before += n;
        }
        return Math.scalb(1.0, BUCKETS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && h.syscall == syscall && h.count == count && h.sumNanos == sumNanos
                && Arrays.equals(h.buckets, buckets);
    }

    @Override
    public int hashCode() {
        return (syscall.hashCode() * 31 + Arrays.hashCode(buckets)) * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[" + syscall + " count=" + count + " sum=" + sumNanos + "ns p50~" + (long) p50Nanos()
                + "ns p99~" + (long) p99Nanos() + "ns]";
    }
}
