package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.detect.Detectors;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.DefaultRules;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.RemedyKind;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Writer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Everything {@link NodeHealLoop.Builder} and {@link HealLoopBuilder} configure, with the defaults,
 * checked as it is set: the period, the detectors, the remedies and guards, the heal table, the
 * journal, the metrics registry, the listeners, the hooks the loop reads besides each node's filter
 * and prober, the view. One copy per builder; mutable, not thread-safe.
 */
final class LoopSettings {
    Duration period = Duration.ofMillis(50);
    Supplier<AnomalyDetector> loss = Detectors::forLoss;
    Supplier<AnomalyDetector> rtt = Detectors::forRtt;
    GuardSettings guards = GuardSettings.DEFAULTS;
    Set<RemedyKind> remedies = EnumSet.copyOf(DefaultRules.REROUTES);
    Writer journal = Writer.nullWriter();
    PrometheusRegistry registry = new PrometheusRegistry();
    io.ebpf4j.heal.knowledge.HealMetrics metrics;
    DetectionListener detections = (s, t, c) -> { };
    Consumer<String> alerts = s -> LoggerFactory.getLogger(HealLoop.class).warn("{}", s);
    FaultLocaliser localiser = new FaultLocaliser();
    Consumer<TelemetryGraph> graphs = g -> { };
    SyscallLatency syscalls;
    NetEvents netEvents;
    SharedView view;
    Function<String, HealTable> tables = HealTable::new;
    NodeHealLoop.OnClose onClose = NodeHealLoop.OnClose.UNDO;
    io.ebpf4j.heal.graph.GraphDetector graphDetector;
    DetectorMode detectorMode = DetectorMode.RULES;
    Duration detectorDeadline = Duration.ofMillis(20);

    void period(Duration p) {
        if (p == null || p.isNegative() || p.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + p);
        }
        this.period = p;
    }

    void remedies(Set<RemedyKind> r) {
        Objects.requireNonNull(r, "remedies");
        this.remedies = r.isEmpty() ? EnumSet.noneOf(RemedyKind.class) : EnumSet.copyOf(r);
    }

    void graphDetector(io.ebpf4j.heal.graph.GraphDetector detector, DetectorMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode != DetectorMode.RULES && detector == null) {
            throw new IllegalArgumentException("detector mode " + mode.label() + " needs a graph detector");
        }
        this.graphDetector = mode == DetectorMode.RULES ? null : detector;
        this.detectorMode = mode;
    }

    void graphDetectorDeadline(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("graph detector deadline must be positive: " + d);
        }
        this.detectorDeadline = d;
    }

    /** The heal table of a node's namespace: {@code table} at {@code priority} there. */
    void healTable(int table, int priority) {
        new HealTable(null, table, priority); // checks the numbers now, not at start
        this.tables = ns -> new HealTable(ns, table, priority);
    }
}
