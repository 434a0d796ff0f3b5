package io.ebpf4j.heal.experiment.score;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Event-wise detection scoring (no point adjustment). Fault {@code f} owns the window
 * {@code [injected, cleared + grace]} (both ends inclusive).
 * <ul>
 *   <li>A fault is detected (a true positive) when at least one detection with its subject falls in
 *       its window; all such detections, from any node, count once.</li>
 *   <li>A detection that falls in no window of a fault with its subject is a false positive. False
 *       positives of one subject are merged into episodes: a detection within {@code fpMerge} of the
 *       first detection of the subject's current episode adds nothing (so five nodes reporting the
 *       same wrong diagnosis together count once); {@link Duration#ZERO} counts every detection.</li>
 *   <li>precision = TP / (TP + FP), recall = TP / faults, F1 their harmonic mean. With no detections
 *       precision is 1; with no faults recall is 1; F1 is 0 when both are 0.</li>
 * </ul>
 */
public final class EventScore {
    private final long grace;
    private final long fpMerge;

    /** Grace 1 s, false positives merged over 1 s. */
    public EventScore() {
        this(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** Scoring with the given grace after clearing and false-positive merge span. */
    public EventScore(Duration grace, Duration fpMerge) {
        if (grace.isNegative() || fpMerge.isNegative()) {
            throw new IllegalArgumentException("grace and fpMerge must not be negative");
        }
        this.grace = grace.toNanos();
        this.fpMerge = fpMerge.toNanos();
    }

    /** One fault's detection: the first matching detection, if any. */
    public record FaultDetection(FaultWindow fault, OptionalLong firstDetectionNanos) {
        /** Whether the fault was detected. */
        public boolean detected() {
            return firstDetectionNanos.isPresent();
        }

        /** Time to detect: first matching detection - injection; empty when undetected. */
        public OptionalLong ttdNanos() {
            return detected() ? OptionalLong.of(firstDetectionNanos.getAsLong() - fault.injectedNanos()) : OptionalLong.empty();
        }
    }

    /**
     * The score.
     *
     * @param perFault       one row per fault, in the order given
     * @param falsePositives false-positive episodes
     * @param fpDetections   the detections that were false positives (before merging)
     */
    public record Result(double precision, double recall, double f1, int truePositives, int faults, int falsePositives,
            List<FaultDetection> perFault, List<Detection> fpDetections) {
        public Result {
            perFault = List.copyOf(perFault);
            fpDetections = List.copyOf(fpDetections);
        }
    }

    /** Scores {@code detections} against {@code faults}. */
    public Result score(List<FaultWindow> faults, List<Detection> detections) {
        Objects.requireNonNull(faults, "faults");
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingLong(Detection::monoNanos));
        List<FaultDetection> rows = new ArrayList<>();
        int tp = 0;
        for (FaultWindow f : faults) {
            OptionalLong first = OptionalLong.empty();
            for (Detection d : sorted) {
                if (matches(f, d)) {
                    first = OptionalLong.of(d.monoNanos());
                    break;
                }
            }
            tp += first.isPresent() ? 1 : 0;
            rows.add(new FaultDetection(f, first));
        }
        List<Detection> fps = new ArrayList<>();
        Map<String, Long> episodeStart = new HashMap<>();
        int fp = 0;
        for (Detection d : sorted) {
            if (faults.stream().anyMatch(f -> matches(f, d))) {
                continue;
            }
            fps.add(d);
            Long start = episodeStart.get(d.subject());
            if (start == null || fpMerge == 0 || d.monoNanos() - start > fpMerge) {
                episodeStart.put(d.subject(), d.monoNanos());
                fp++;
            }
        }
        double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        double recall = faults.isEmpty() ? 1.0 : (double) tp / faults.size();
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new Result(precision, recall, f1, tp, faults.size(), fp, rows, fps);
    }

    private boolean matches(FaultWindow f, Detection d) {
        return d.subject().equals(f.subject()) && d.monoNanos() >= f.injectedNanos()
                && d.monoNanos() - f.clearedNanos() <= grace;
    }

    /**
     * False positives per hour of a clean run (no faults injected): its detections, merged into
     * episodes as in {@link #score}, over its duration.
     */
    public double fpPerHour(List<Detection> cleanRunDetections, Duration cleanRunDuration) {
        if (cleanRunDuration.isNegative() || cleanRunDuration.isZero()) {
            throw new IllegalArgumentException("a clean run must last a positive time, not " + cleanRunDuration);
        }
        int fp = score(List.of(), cleanRunDetections).falsePositives();
        return fp * 3_600_000_000_000.0 / cleanRunDuration.toNanos();
    }
}
