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
 * @param agents   each agent process's resource use (multi-process mode; empty in single-process mode)
 */
public record ExperimentResult(Run run, List<FaultRow> faults, List<Mark> timeline, Summary summary,
        List<AgentUsage> agents) {
    public ExperimentResult {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(summary, "summary");
        faults = List.copyOf(faults);
        timeline = List.copyOf(timeline);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** A result without agent processes. */
    public ExperimentResult(Run run, List<FaultRow> faults, List<Mark> timeline, Summary summary) {
        this(run, faults, timeline, summary, List.of());
    }

    /**
     * One agent process's resources, sampled from {@code /proc/PID} about once a second while it ran
     * (over every incarnation when it was killed and restarted).
     *
     * @param node       the mesh node
     * @param starts     how many times it was started (1 + restarts)
     * @param samples    how many samples were taken
     * @param rssMeanMb  mean resident set size, MiB
     * @param rssMaxMb   largest resident set size, MiB
     * @param cpuPercent CPU time over the time it ran, in % of one core
     */
    public record AgentUsage(int node, int starts, int samples, double rssMeanMb, double rssMaxMb, double cpuPercent) {}

    /**
     * Run metadata.
     *
     * @param date       ISO-8601 start time
     * @param seed       the fault schedule's random seed
     * @param durationMs how long the run lasted
     * @param machine    machine and kernel, e.g. {@code uname -srm} and CPU count
     * @param command    the command line that ran it
     * @param mode       {@code agents} (one agent process per node, multi-process) or {@code threads} (every
     *                   node's loop in the orchestrator's JVM, single-process)
     */
    public record Run(String date, long seed, long durationMs, String machine, String command, String mode) {
        public Run {
            mode = mode == null ? "threads" : mode;
        }

        /** A single-process run. */
        public Run(String date, long seed, long durationMs, String machine, String command) {
            this(date, seed, durationMs, machine, command, "threads");
        }
    }

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
     * @param shouldAct  whether healing should act on it (false for an agent killed or the gossip cut: then
     *                   {@code detectedMs} and {@code actionMs} are any detection or action in its window, each a
     *                   false positive, and {@code impaired} is judged over every flow)
     */
    public record FaultRow(String kind, String subject, String severity, long injectedMs, long clearedMs, Long detectedMs,
            Long ttdMs, Long actionMs, Long restoredMs, Long mttrMs, boolean impaired, boolean shouldAct) {
        /** A row of a fault healing should act on. */
        public FaultRow(String kind, String subject, String severity, long injectedMs, long clearedMs, Long detectedMs,
                Long ttdMs, Long actionMs, Long restoredMs, Long mttrMs, boolean impaired) {
            this(kind, subject, severity, injectedMs, clearedMs, detectedMs, ttdMs, actionMs, restoredMs, mttrMs, impaired, true);
        }

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
                    ms(recovery.mttrNanos()), recovery.impaired(), true);
        }

        /**
         * The row of a fault healing should not act on: the first detection and action of any subject in
         * its window ({@code detectionNanos}, {@code actionNanos}, may be empty), the traffic judged over
         * every flow.
         */
        public static FaultRow ofNoAction(Fault fault, long runStartNanos, Recovery everyFlow, OptionalLong detectionNanos,
                OptionalLong actionNanos) {
            return new FaultRow(fault.kind().label(), fault.subject(), fault.severity(),
                    ms(everyFlow.injectedNanos() - runStartNanos), ms(everyFlow.clearedNanos() - runStartNanos),
                    offset(detectionNanos, runStartNanos), null, offset(actionNanos, runStartNanos),
                    offset(everyFlow.restoredAtNanos(), runStartNanos), ms(everyFlow.mttrNanos()), everyFlow.impaired(), false);
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
     * @param noActionFaults     injected faults healing should not act on (agent killed, gossip cut)
     * @param noActionFaultsHit  of those, the ones with a detection or a heal action in their window (each
     *                           such detection is also counted in {@code falsePositives})
     */
    public record Summary(Long mttrP50Ms, Long mttrP95Ms, Long mttrMaxMs, int recovered, int unrecovered, double precision,
            double recall, double f1, int falsePositives, long cleanSoakMs, Double cleanSoakFpPerHour, int noActionFaults,
            int noActionFaultsHit) {
        /** A summary without faults that should not be acted on. */
        public Summary(Long mttrP50Ms, Long mttrP95Ms, Long mttrMaxMs, int recovered, int unrecovered, double precision,
                double recall, double f1, int falsePositives, long cleanSoakMs, Double cleanSoakFpPerHour) {
            this(mttrP50Ms, mttrP95Ms, mttrMaxMs, recovered, unrecovered, precision, recall, f1, falsePositives, cleanSoakMs,
                    cleanSoakFpPerHour, 0, 0);
        }

        /** The summary of MTTR statistics, a detection score and a clean soak. */
        public static Summary of(MttrStats mttr, EventScore.Result score, long cleanSoakMs, Double cleanSoakFpPerHour) {
            return new Summary(ms(mttr.p50Nanos()), ms(mttr.p95Nanos()), ms(mttr.maxNanos()), mttr.count(), mttr.unrecovered(),
                    score.precision(), score.recall(), score.f1(), score.falsePositives(), cleanSoakMs, cleanSoakFpPerHour);
        }

        /** This summary with the count of faults that should not be acted on and of those that were. */
        public Summary withNoAction(int faults, int hit) {
            return new Summary(mttrP50Ms, mttrP95Ms, mttrMaxMs, recovered, unrecovered, precision, recall, f1, falsePositives,
                    cleanSoakMs, cleanSoakFpPerHour, faults, hit);
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
