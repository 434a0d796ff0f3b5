package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * The self-healing loop's Prometheus metrics, registered once into a registry (for instance the one
 * {@code io.ebpf4j.hooks.metrics.MetricsServer} serves) and shared by the loops of all nodes, which
 * are told apart by the {@code node} label:
 * <ul>
 *   <li>{@code ebpf4j_heal_detections_total{node,kind}}: episodes detected, kind link/node/service</li>
 *   <li>{@code ebpf4j_heal_actions_total{node,action,outcome}}: applies ({@code action} = the action's kind)
 *       and undos ({@code undo-<kind>}) executed, outcome ok/unchanged/failed</li>
 *   <li>{@code ebpf4j_heal_blocked_total{node,guard}}: decisions refused by a guard</li>
 *   <li>{@code ebpf4j_heal_time_to_detect_seconds{node}}, {@code ebpf4j_heal_time_to_recover_seconds{node}}:
 *       histograms, buckets 10 ms to 5 s</li>
 *   <li>{@code ebpf4j_heal_active_actions{node}}: actions in place</li>
 *   <li>{@code ebpf4j_heal_member_absent{node}}: 1 while the node's agent is absent from the membership
 *       (suspect, leaving, dead) and its links are healthy: reported, not a fault (its datapath forwards)</li>
 *   <li>{@code ebpf4j_heal_detector_fallbacks_total{detector,reason}}: periods in which the graph detector
 *       failed (reason timeout, error, busy) and the rules decided alone</li>
 * </ul>
 * Thread-safe.
 */
public final class HealMetrics {
    /** The histogram buckets, seconds. */
    public static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final Counter detections;
    private final Counter actions;
    private final Counter blocked;
    private final Histogram timeToDetect;
    private final Histogram timeToRecover;
    private final Gauge active;
    private final Gauge absent;
    private final Counter fallbacks;

    private HealMetrics(PrometheusRegistry registry) {
        detections = Counter.builder().name("ebpf4j_heal_detections_total")
                .help("Fault episodes detected, by kind of subject (link, node, service).").labelNames("node", "kind")
                .register(registry);
        actions = Counter.builder().name("ebpf4j_heal_actions_total")
                .help("Recovery actions executed (applies by kind, undos as undo-<kind>), by outcome (ok, unchanged, failed).")
                .labelNames("node", "action", "outcome").register(registry);
        blocked = Counter.builder().name("ebpf4j_heal_blocked_total").help("Applies or undos refused by a guard.")
                .labelNames("node", "guard").register(registry);
        timeToDetect = Histogram.builder().name("ebpf4j_heal_time_to_detect_seconds")
                .help("From the anomaly's onset to its detection.").classicOnly().classicUpperBounds(BUCKETS)
                .labelNames("node").register(registry);
        timeToRecover = Histogram.builder().name("ebpf4j_heal_time_to_recover_seconds")
                .help("From the detection to recovery, as the loop measures it.").classicOnly().classicUpperBounds(BUCKETS)
                .labelNames("node").register(registry);
        active = Gauge.builder().name("ebpf4j_heal_active_actions").help("Recovery actions in place.").labelNames("node")
                .register(registry);
        absent = Gauge.builder().name("ebpf4j_heal_member_absent")
                .help("1 while the node's agent is absent from the membership and its links are healthy (no fault).")
                .labelNames("node").register(registry);
        fallbacks = Counter.builder().name("ebpf4j_heal_detector_fallbacks_total")
                .help("Periods in which the graph detector failed (timeout, error, busy) and the rules decided alone.")
                .labelNames("detector", "reason").register(registry);
    }

    /** Registers the metrics into {@code registry} (once per registry: names must be unique there). */
    public static HealMetrics register(PrometheusRegistry registry) {
        return new HealMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /** Counts a newly detected episode of {@code diagnosis} at {@code node}. */
    public void detection(int node, Diagnosis diagnosis) {
        String subject = diagnosis.subject();
        detections.labelValues(Integer.toString(node), subject.substring(0, subject.indexOf(':'))).inc();
    }

    /** Counts a syscall latency distribution shift of the process (no node: it is the process's). */
    public void syscallShift(String syscall) {
        detections.labelValues("process", "syscall_shift:" + syscall).inc();
    }

    /**
     * Counts a decision: an executed apply or undo by its {@code outcome}, a blocked one by its guard
     * ({@code outcome} is ignored then and may be null).
     */
    public void decision(Decision d, ActionOutcome outcome) {
        String node = Integer.toString(d.node());
        if (d.kind() == Decision.Kind.BLOCKED) {
            blocked.labelValues(node, d.guard()).inc();
            return;
        }
        Objects.requireNonNull(outcome, "outcome");
        String action = d.kind() == Decision.Kind.UNDO ? "undo-" + d.action().kind() : d.action().kind();
        String result = !outcome.ok() ? "failed" : outcome.changed() ? "ok" : "unchanged";
        actions.labelValues(node, action, result).inc();
    }

    /** Observes a time to detect, seconds. */
    public void timeToDetect(int node, double seconds) {
        timeToDetect.labelValues(Integer.toString(node)).observe(seconds);
    }

    /** Observes a time to recover, seconds. */
    public void timeToRecover(int node, double seconds) {
        timeToRecover.labelValues(Integer.toString(node)).observe(seconds);
    }

    /** Sets whether {@code node}'s agent is absent from the membership while its links are healthy. */
    public void memberAbsent(int node, boolean absentWithHealthyLinks) {
        absent.labelValues(Integer.toString(node)).set(absentWithHealthyLinks ? 1 : 0);
    }

    /** Counts a period in which graph detector {@code detector} failed for {@code reason} (timeout, error, busy). */
    public void detectorFallback(String detector, String reason) {
        fallbacks.labelValues(detector, reason).inc();
    }

    /** Sets the number of actions in place at {@code node}. */
    public void activeActions(int node, int count) {
        active.labelValues(Integer.toString(node)).set(count);
    }
}
