package io.ebpf4j.hooks.mesh;

import java.util.Arrays;
import java.util.List;

/**
 * Probe results for one peer, as recorded by this node's XDP program from the peer's replies.
 *
 * <p>Loss: {@code expected} is the highest reply sequence number seen plus one (the prober numbers
 * each peer's probes 0, 1, 2, ...), {@code lost = expected - replies} (never negative). Probes sent
 * after the newest reply seen are in flight, not lost; a lost probe is counted as soon as a later
 * one comes back. Duplicated replies would hide loss (they do not happen with XDP_TX responders).
 *
 * @param replies     replies received
 * @param expected    highest sequence number seen + 1
 * @param lost        {@code max(0, expected - replies)}
 * @param lastRttNs   newest RTT sample (ns), 0 when none
 * @param minRttNs    smallest RTT sample (ns), 0 when none
 * @param meanRttNs   mean RTT (ns), 0 when none
 * @param clockErrors replies whose send time lay in the future (not sampled)
 * @param histogram   64 log2 buckets: bucket b counts samples in [2^b, 2^(b+1)) ns (b 0 also holds 0)
 */
public record ProbeStats(long replies, long expected, long lost, long lastRttNs, long minRttNs, long meanRttNs,
        long clockErrors, long[] histogram) {
    /** Number of histogram buckets. */
    public static final int BUCKETS = 64;

    public ProbeStats {
        histogram = histogram.clone();
        if (histogram.length != BUCKETS) {
            throw new IllegalArgumentException("histogram needs " + BUCKETS + " buckets: " + histogram.length);
        }
    }

    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /** Loss ratio {@code lost / expected}, 0 when nothing is expected yet. */
    public double lossRatio() {
        return expected == 0 ? 0 : (double) lost / expected;
    }

    /** RTT samples in the histogram. */
    public long samples() {
        return Arrays.stream(histogram).sum();
    }

    static ProbeStats merge(List<Layouts.ProbeStatsValue> perCpu) {
        long replies = 0, expected = 0, lastAt = 0, last = 0, min = 0, sum = 0, clock = 0;
        long[] hist = new long[BUCKETS];
        for (Layouts.ProbeStatsValue v : perCpu) {
            replies += v.replies();
            expected = Math.max(expected, v.nextSeq());
            if (v.lastAtNs() > lastAt) {
                lastAt = v.lastAtNs();
                last = v.lastRttNs();
            }
            if (v.minRttNs() != 0 && (min == 0 || v.minRttNs() < min)) {
                min = v.minRttNs();
            }
            sum += v.sumRttNs();
            clock += v.clockErrors();
            for (int b = 0; b < BUCKETS; b++) {
                hist[b] += v.bucket(b);
            }
        }
        long samples = Arrays.stream(hist).sum();
        return new ProbeStats(replies, expected, Math.max(0, expected - replies), last, min,
                samples == 0 ? 0 : sum / samples, clock, hist);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeStats p && replies == p.replies && expected == p.expected && lost == p.lost
                && lastRttNs == p.lastRttNs && minRttNs == p.minRttNs && meanRttNs == p.meanRttNs
                && clockErrors == p.clockErrors && Arrays.equals(histogram, p.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(replies) * 31 + Long.hashCode(expected) * 17 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "ProbeStats[replies=" + replies + ", expected=" + expected + ", lost=" + lost + ", lastRttNs=" + lastRttNs
                + ", minRttNs=" + minRttNs + ", meanRttNs=" + meanRttNs + ", clockErrors=" + clockErrors + "]";
    }
}
