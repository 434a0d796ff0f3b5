package io.ebpf4j.examples;

import io.ebpf4j.hooks.alert.Alert;
import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.metrics.MeshTelemetry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code mesh-monitor}'s alerts: an {@link AlertEngine} on the hooks that run, printing each alert as
 * it fires or resolves ({@code ALERT FIRING ...} / {@code ALERT RESOLVED ...}) on the engine's
 * threads. Rules: probe loss over 20 % in 2 s (10 probes at least), newest probe RTT over 50 ms, and
 * with network events more than 20 TCP retransmits to one peer within 5 s.
 */
final class AlertPrinter {
    static final AlertRule PROBE_LOSS = new AlertRule.ProbeLoss("probe_loss", Severity.CRITICAL, 0.2,
            Duration.ofSeconds(2), 10);
    static final AlertRule PROBE_RTT = new AlertRule.Rtt("probe_rtt", Severity.WARNING, Duration.ofMillis(50));
    static final AlertRule RETRANSMITS = AlertRule.retransmitRate("retransmits", Severity.WARNING, 4, Duration.ofSeconds(5));

    /** The rules in one line, printed at start. */
    static final String RULES = "alerts: probe loss > 20% over 2s, probe RTT > 50ms, > 20 TCP retransmits to a peer in 5s"
            + " (printed as ALERT FIRING/RESOLVED lines)";

    private AlertPrinter() {}

    /** An engine on {@code filter} (a demo node), its alerts printed with {@code node} in front. */
    static AlertEngine forNode(PrintStream out, String node, MeshFilter filter) {
        return AlertEngine.builder().meshFilter(filter).rule(PROBE_LOSS).rule(PROBE_RTT).period(Duration.ofMillis(500))
                .listener(a -> print(out, node, a)).build();
    }

    /** An engine on whatever {@code t} runs; null when it runs no hook an alert rule reads. */
    static AlertEngine forTelemetry(PrintStream out, MeshTelemetry t) {
        AlertEngine.Builder b = AlertEngine.builder().period(Duration.ofMillis(500)).listener(a -> print(out, "local", a));
        boolean any = false;
        if (t.mesh().isPresent()) {
            b.meshFilter(t.mesh().get()).rule(PROBE_LOSS).rule(PROBE_RTT);
            any = true;
        }
        if (t.netEvents().isPresent()) {
            b.netEvents(t.netEvents().get()).rule(RETRANSMITS);
            any = true;
        }
        return any ? b.build() : null;
    }

    private static void print(PrintStream out, String node, Alert a) {
        out.printf(Locale.ROOT, "ALERT %s %s %s %s: %s (latency %.1f ms)%n", a.phase(), a.severity(), node, a.ruleId(),
                a.message(), a.latencyNanos() / 1e6);
    }
}
