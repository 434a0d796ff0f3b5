package io.ebpf4j.heal.experiment.score;

import java.util.Collection;
import java.util.OptionalLong;

/**
 * Summary of times to recovery: p50, p95 and max over the recovered faults, by the nearest-rank
 * method (the smallest value with at least p % of the values at or below it: {@code sorted[ceil(p/100 n) - 1]}),
 * and how many faults were never restored. The percentiles are empty when nothing recovered.
 */
public record MttrStats(int count, int unrecovered, OptionalLong p50Nanos, OptionalLong p95Nanos, OptionalLong maxNanos) {
    /** Statistics over per-fault MTTRs (an empty entry is an unrecovered fault). */
    public static MttrStats of(Collection<OptionalLong> mttrNanos) {
        long[] v = mttrNanos.stream().filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).sorted().toArray();
        int unrecovered = mttrNanos.size() - v.length;
        return new MttrStats(v.length, unrecovered, nearestRank(v, 50), nearestRank(v, 95),
                v.length == 0 ? OptionalLong.empty() : OptionalLong.of(v[v.length - 1]));
    }

    /** Statistics over judged faults. */
    public static MttrStats ofRecoveries(Collection<Recovery> recoveries) {
        return of(recoveries.stream().map(Recovery::mttrNanos).toList());
    }

    /** The nearest-rank {@code p}-th percentile of ascending {@code sorted} (0 < p <= 100). */
    static OptionalLong nearestRank(long[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + p);
        }
        if (sorted.length == 0) {
            return OptionalLong.empty();
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length - 1e-9);
        return OptionalLong.of(sorted[Math.max(1, rank) - 1]);
    }
}
