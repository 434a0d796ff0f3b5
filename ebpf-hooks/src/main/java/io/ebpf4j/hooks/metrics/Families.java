package io.ebpf4j.hooks.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Small builders of metric families for the collectors: counters by labels and log2 histograms, each
 * series carrying the collector's constant labels (e.g. {@code node}) after its own.
 */
final class Families {
    /**
     * Log2 buckets at or above this index (2^36 ns, about 69 s) fall into the +Inf bucket only: a
     * fixed bucket layout keeps the series stable from scrape to scrape.
     */
    static final int TOP_BUCKET = 36;

    private Families() {}

    /** {@code labels} (name, value, ...) followed by the constant labels. */
    static Labels labels(Labels constLabels, String... labels) {
        return constLabels.isEmpty() ? Labels.of(labels) : Labels.of(labels).merge(constLabels);
    }

    /** A counter family; {@code name} without {@code _total} (the text format adds it). */
    static final class Counter {
        private final CounterSnapshot.Builder b;
        private final Labels constLabels;
        private boolean empty = true;

        Counter(String name, String help, Labels constLabels) {
            b = CounterSnapshot.builder().name(name).help(help);
            this.constLabels = constLabels;
        }

        Counter add(double value, String... labels) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(constLabels, labels)).value(value)
                    .build());
            empty = false;
            return this;
        }

        void into(List<MetricSnapshot> out) {
            if (!empty) {
                out.add(b.build());
            }
        }
    }

    /** A histogram family in seconds built from log2 nanosecond buckets. */
    static final class Log2Histogram {
        private final HistogramSnapshot.Builder b;
        private final Labels constLabels;
        private boolean empty = true;

        Log2Histogram(String name, String help, Labels constLabels) {
            b = HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
            this.constLabels = constLabels;
        }

        /**
         * Adds a series from 64 log2 buckets (bucket i counts values in [2^i, 2^(i+1)) ns; bucket 0
         * also 0 and 1 ns) and the sum of the values in ns.
         */
        Log2Histogram add(long[] log2Buckets, long sumNanos, String... labels) {
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels(constLabels, labels))
                    .classicHistogramBuckets(buckets(log2Buckets)).sum(sumNanos / 1e9).build());
            empty = false;
            return this;
        }

        void into(List<MetricSnapshot> out) {
            if (!empty) {
                out.add(b.build());
            }
        }
    }

    /**
     * Classic buckets (counts per bucket, not cumulative: the exposition format sums them) with upper
     * bounds 2^(i+1) ns in seconds for i below {@link #TOP_BUCKET}, then +Inf holding the rest.
     */
    static ClassicHistogramBuckets buckets(long[] log2Buckets) {
        List<Double> bounds = new ArrayList<>(TOP_BUCKET + 1);
        List<Long> counts = new ArrayList<>(TOP_BUCKET + 1);
        long rest = 0;
        for (int i = 0; i < log2Buckets.length; i++) {
            if (i < TOP_BUCKET) {
                bounds.add(upperBoundSeconds(i));
                counts.add(log2Buckets[i]);
            } else {
                rest += log2Buckets[i];
            }
        }
        bounds.add(Double.POSITIVE_INFINITY);
        counts.add(rest);
        return ClassicHistogramBuckets.of(bounds, counts);
    }

    /** The upper bound of log2 bucket {@code i}, seconds: 2^(i+1) ns. */
    static double upperBoundSeconds(int i) {
        return Math.scalb(1.0, i + 1) / 1e9;
    }
}
