package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.DetectorEvent;
import io.ebpf4j.heal.knowledge.HealMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph detector's place in a period: it scores the snapshot on its own thread, and the loop waits
 * for it at most {@code deadlineNanos}. When it throws, overruns, or is still busy with an earlier
 * snapshot, the rules' flags decide that period alone, the journal gets one {@link DetectorEvent} per
 * change (fallback, recovery) and {@code ebpf4j_heal_detector_fallbacks_total} counts the periods; a
 * detector that never returns costs its thread, never the loop. Its verdicts combine with the rules' per
 * {@link DetectorMode} and then take the same path as the rules' alone (localisation, hysteresis,
 * planners, guards, journal). Each diagnosis is told which detector flagged its evidence
 * ({@link #decidedBy}). Used by the loop's thread only; {@link #close()} stops the detector's thread.
 */
final class GraphStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphStage.class);
    static final String RULES = "rules";

    private final GraphDetector detector;
    private final DetectorMode mode;
    private final long deadlineNanos;
    private final DecisionJournal journal;
    private final HealMetrics metrics;
    private final ExecutorService worker;
    private Future<GraphScores> pending;
    private String fallbackReason;
    private long fallbackPeriods;
    // who flagged each item this period: edge key -> names, node -> names
    private final Map<Long, Set<String>> edgeFlags = new HashMap<>();
    private final Map<Integer, Set<String>> nodeFlags = new HashMap<>();

    /** A stage for {@code detector} in {@code mode} (not {@link DetectorMode#RULES}). */
    GraphStage(GraphDetector detector, DetectorMode mode, long deadlineNanos, DecisionJournal journal, HealMetrics metrics) {
        if (mode == DetectorMode.RULES) {
            throw new IllegalArgumentException("a graph stage needs mode learned or combined, not rules");
        }
        this.detector = detector;
        this.mode = mode;
        this.deadlineNanos = deadlineNanos;
        this.journal = journal;
        this.metrics = metrics;
        this.worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("heal-graph-" + detector.name())
                .daemon().unstarted(r));
    }

    /** The detector's name. */
    String name() {
        return detector.name();
    }

    /**
     * The snapshot the loop localises on this period: the rules' graph {@code raw} with the detector's
     * verdicts applied per the mode, or {@code raw} itself when the detector fails.
     */
    TelemetryGraph apply(TelemetryGraph raw, long now) {
        GraphScores scores = null;
        String failure;
        String reasonKind;
        if (pending != null && !pending.isDone()) {
            failure = "busy: still scoring an earlier snapshot past its deadline";
            reasonKind = "busy";
        } else {
            pending = worker.submit(() -> detector.score(raw));
            try {
                scores = pending.get(deadlineNanos, TimeUnit.NANOSECONDS);
                pending = null;
                failure = null;
                reasonKind = null;
            } catch (TimeoutException e) {
                failure = "timeout after " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms";
                reasonKind = "timeout";
            } catch (ExecutionException e) {
                pending = null;
                Throwable c = e.getCause();
                failure = "threw " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                reasonKind = "error";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                reasonKind = "error";
            }
        }
        edgeFlags.clear();
        nodeFlags.clear();
        for (EdgeFeatures e : raw.edges()) {
            if (e.anomalous()) {
                edgeFlags.computeIfAbsent(key(e.from(), e.to()), k -> new HashSet<>()).add(RULES);
            }
        }
        for (NodeFeatures n : raw.nodes()) {
            if (n.anomalous()) {
                nodeFlags.computeIfAbsent(n.node(), k -> new HashSet<>()).add(RULES);
            }
        }
        if (failure != null) {
            fallback(failure, reasonKind, now);
            return raw;
        }
        recovered(now);
        for (GraphScores.EdgeScore e : scores.edges()) {
            if (e.anomalous()) {
                edgeFlags.computeIfAbsent(key(e.from(), e.to()), k -> new HashSet<>()).add(detector.name());
            }
        }
        for (GraphScores.NodeScore n : scores.nodes()) {
            if (n.anomalous()) {
                nodeFlags.computeIfAbsent(n.node(), k -> new HashSet<>()).add(detector.name());
            }
        }
        return mode == DetectorMode.LEARNED ? scores.applyTo(raw) : either(raw, scores);
    }

    /** Which detectors flagged what {@code d} rests on this period ({@code rules}, the detector's name, or both). */
    String decidedBy(Diagnosis d) {
        Set<String> by = new HashSet<>();
        for (EdgeFeatures e : d.evidence()) {
            by.addAll(edgeFlags.getOrDefault(key(e.from(), e.to()), Set.of()));
        }
        if (d instanceof Diagnosis.ServiceFault s) {
            by.addAll(nodeFlags.getOrDefault(s.node(), Set.of()));
        }
        if (fallbackReason != null) {
            return RULES + " (fallback: " + fallbackReason + ")";
        }
        boolean rules = by.contains(RULES);
        boolean learned = by.contains(detector.name());
        if (mode == DetectorMode.LEARNED) {
            return detector.name();
        }
        return rules && learned ? RULES + "+" + detector.name() : learned ? detector.name() : RULES;
    }

    private TelemetryGraph either(TelemetryGraph raw, GraphScores scores) {
        Map<Long, GraphScores.EdgeScore> byEdge = new HashMap<>();
        scores.edges().forEach(e -> byEdge.put(key(e.from(), e.to()), e));
        Map<Integer, GraphScores.NodeScore> byNode = new HashMap<>();
        scores.nodes().forEach(n -> byNode.put(n.node(), n));
        List<EdgeFeatures> edges = new ArrayList<>(raw.edges().size());
        for (EdgeFeatures e : raw.edges()) {
            GraphScores.EdgeScore s = byEdge.get(key(e.from(), e.to()));
            edges.add(s == null ? e : new EdgeFeatures(e.from(), e.to(), e.lossRatio(), e.rttMicros(), e.throughputBps(),
                    e.retransmitsPerSec(), e.resetsPerSec(), Math.max(e.score(), s.score()), e.anomalous() || s.anomalous()));
        }
        List<NodeFeatures> nodes = new ArrayList<>(raw.nodes().size());
        for (NodeFeatures n : raw.nodes()) {
            GraphScores.NodeScore s = byNode.get(n.node());
            nodes.add(s == null ? n : new NodeFeatures(n.node(), n.peer(), n.dropsPerSec(), n.syscallP99Micros(),
                    n.serviceFailuresPerSec(), Math.max(n.score(), s.score()), n.anomalous() || s.anomalous()));
        }
        return new TelemetryGraph(raw.monoNanos(), nodes, edges);
    }

    private void fallback(String reason, String kind, long now) {
        metrics.detectorFallback(detector.name(), kind);
        if (fallbackReason == null) {
            fallbackReason = reason;
            fallbackPeriods = 0;
            LOG.warn("graph detector {} {}: the rules decide until it answers in time", detector.name(), reason);
            journal.write(new DetectorEvent(now, Instant.now(), detector.name(), DetectorEvent.Kind.FALLBACK, reason, 0));
        }
        fallbackPeriods++;
    }

    private void recovered(long now) {
        if (fallbackReason != null) {
            LOG.info("graph detector {} answers in time again after {} periods", detector.name(), fallbackPeriods);
            journal.write(new DetectorEvent(now, Instant.now(), detector.name(), DetectorEvent.Kind.RECOVERED,
                    fallbackReason, fallbackPeriods));
            fallbackReason = null;
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    /** Stops the detector's thread (interrupting a call still running); idempotent. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
