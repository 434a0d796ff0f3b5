package io.ebpf4j.heal.experiment.report;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.score.EventScore;
import io.ebpf4j.heal.experiment.score.MttrStats;
import io.ebpf4j.heal.experiment.score.Recovery;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything one experiment run found, ready for {@link ResultJson}, {@link ResultMarkdown} and
 * {@link TimelineSvg}. Times are milliseconds since the run started (offsets), so results of
 * different runs compare directly; absent values are null.
 *
 * @param run      what ran where
 * @param faults   one row per injected fault, in injection order
 * @param timeline detections, actions and recoveries to draw (fault windows come from {@code faults})
 * @param summary  the headline numbers
 */
public record ExperimentResult(Run run, List<FaultRow> faults, List<Mark> timeline, Summary summary) {
    public ExperimentResult {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(summary, "summary");
        faults = List.copyOf(faults);
        timeline = List.copyOf(timeline);
    }

    /**
     * Run metadata.
     *
     * @param date       ISO-8601 start time
     * @param seed       the fault schedule's random seed
     * @param durationMs how long the run lasted
     * @param machine    machine and kernel, e.g. {@code uname -srm} and CPU count
     * @param command    the command line that ran it
     */
    public record Run(String date, long seed, long durationMs, String machine, String command) {}

    /**
     * One injected fault and what became of it.
     *
     * @param kind       the fault kind label ({@code loss}, {@code link-down}, ...)
     * @param subject    {@code link:a-b}, {@code node:j} or {@code service:j}
     * @param severity   e.g. {@code 30%}
     * @param injectedMs when it was injected
     * @param clearedMs  when it was cleared
     * @param detectedMs the first matching detection, or null
     * @param ttdMs      time to detect, or null
     * @param actionMs   the first healing action for it, or null
     * @param restoredMs when traffic was judged restored, or null when never (before clearing)
     * @param mttrMs     time to recovery, or null when not restored
     * @param impaired   whether the fault hurt the traffic at all
     */
    public record FaultRow(String kind, String subject, String severity, long injectedMs, long clearedMs, Long detectedMs,
            Long ttdMs, Long actionMs, Long restoredMs, Long mttrMs, boolean impaired) {
        /**
         * The row of {@code fault}, from its judged recovery and detection and its first action
         * (monoNanos, may be empty), with offsets from {@code runStartNanos}.
         */
        public static FaultRow of(Fault fault, long runStartNanos, Recovery recovery, EventScore.FaultDetection detection,
                OptionalLong actionNanos) {
            return new FaultRow(fault.kind().label(), fault.subject(), fault.severity(),
                    ms(recovery.injectedNanos() - runStartNanos), ms(recovery.clearedNanos() - runStartNanos),
                    offset(detection.firstDetectionNanos(), runStartNanos), ms(detection.ttdNanos()),
                    offset(actionNanos, runStartNanos), offset(recovery.restoredAtNanos(), runStartNanos),
                    ms(recovery.mttrNanos()), recovery.impaired());
        }
    }

    /** What a timeline mark shows. */
    public enum MarkType {
        DETECTION, ACTION, RECOVERY
    }

    /** A detection, healing action or recovery at {@code atMs} concerning {@code subject}. */
    public record Mark(MarkType type, String subject, long atMs, String label) {}

    /**
     * The headline numbers.
     *
     * @param mttrP50Ms          nearest-rank median MTTR of the recovered faults (null if none)
     * @param mttrP95Ms          nearest-rank 95th percentile
     * @param mttrMaxMs          the largest MTTR
     * @param recovered          faults restored before they cleared
     * @param unrecovered        faults never restored
     * @param precision          event-wise detection precision
     * @param recall             event-wise recall
     * @param f1                 their harmonic mean
     * @param falsePositives     false-positive detection episodes during the run
     * @param cleanSoakMs        length of the clean (fault-free) soak, 0 when none ran
     * @param cleanSoakFpPerHour false positives per hour in the clean soak, null when none ran
     */
    public record Summary(Long mttrP50Ms, Long mttrP95Ms, Long mttrMaxMs, int recovered, int unrecovered, double precision,
            double recall, double f1, int falsePositives, long cleanSoakMs, Double cleanSoakFpPerHour) {
        /** The summary of MTTR statistics, a detection score and a clean soak. */
        public static Summary of(MttrStats mttr, EventScore.Result score, long cleanSoakMs, Double cleanSoakFpPerHour) {
            return new Summary(ms(mttr.p50Nanos()), ms(mttr.p95Nanos()), ms(mttr.maxNanos()), mttr.count(), mttr.unrecovered(),
                    score.precision(), score.recall(), score.f1(), score.falsePositives(), cleanSoakMs, cleanSoakFpPerHour);
        }
    }

    private static long ms(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    private static Long ms(OptionalLong nanos) {
        return nanos.isPresent() ? ms(nanos.getAsLong()) : null;
    }

    private static Long offset(OptionalLong nanos, long start) {
        return nanos.isPresent() ? ms(nanos.getAsLong() - start) : null;
    }
}
