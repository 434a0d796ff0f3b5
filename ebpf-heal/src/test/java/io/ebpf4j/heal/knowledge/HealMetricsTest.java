package io.ebpf4j.heal.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HealMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Scrapes {@code registry} in the Prometheus text format into "name{k=v,...}" (labels sorted) to value. */
    private static Map<String, Double> scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        Map<String, Double> samples = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            samples.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    @Test
    void recordsAreScrapedWithTheirLabels() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        HealMetrics m = HealMetrics.register(registry);
        Diagnosis link = Samples.lossyLink(0, 1);
        m.detection(0, link);
        m.detection(0, link);
        m.detection(3, new Diagnosis.ServiceFault(2, List.of(), 1));
        Decision apply = Samples.apply(0, link, 2, 1);
        m.decision(apply, ActionOutcome.done("ok"));
        m.decision(apply, ActionOutcome.failed("no route"));
        m.decision(new Decision(0, apply.subject(), link, Decision.Kind.UNDO, apply.action(), apply.rule(), null, null, null,
                3, 1), ActionOutcome.unchanged("gone"));
        m.decision(Samples.blocked(1, link, 2, "cooldown"), null);
        m.timeToDetect(0, 0.02);
        m.timeToDetect(0, 0.3);
        m.timeToRecover(0, 7.0);
        m.activeActions(0, 2);

        Map<String, Double> s = scrape(registry);
        assertEquals(2.0, s.get("ebpf4j_heal_detections_total{kind=link, node=0}"));
        assertEquals(1.0, s.get("ebpf4j_heal_detections_total{kind=service, node=3}"));
        assertEquals(1.0, s.get("ebpf4j_heal_actions_total{action=reroute, node=0, outcome=ok}"));
        assertEquals(1.0, s.get("ebpf4j_heal_actions_total{action=reroute, node=0, outcome=failed}"));
        assertEquals(1.0, s.get("ebpf4j_heal_actions_total{action=undo-reroute, node=0, outcome=unchanged}"));
        assertEquals(1.0, s.get("ebpf4j_heal_blocked_total{guard=cooldown, node=1}"));
        assertEquals(0.0, s.get("ebpf4j_heal_time_to_detect_seconds_bucket{le=0.01, node=0}"));
        assertEquals(1.0, s.get("ebpf4j_heal_time_to_detect_seconds_bucket{le=0.025, node=0}"));
        assertEquals(2.0, s.get("ebpf4j_heal_time_to_detect_seconds_bucket{le=0.5, node=0}"));
        assertEquals(2.0, s.get("ebpf4j_heal_time_to_detect_seconds_count{node=0}"));
        assertEquals(0.32, s.get("ebpf4j_heal_time_to_detect_seconds_sum{node=0}"), 1e-9);
        assertEquals(0.0, s.get("ebpf4j_heal_time_to_recover_seconds_bucket{le=5.0, node=0}"));
        assertEquals(1.0, s.get("ebpf4j_heal_time_to_recover_seconds_bucket{le=+Inf, node=0}"));
        assertEquals(2.0, s.get("ebpf4j_heal_active_actions{node=0}"));
    }

    @Test
    void registeringTwiceIntoOneRegistryFails() {
        PrometheusRegistry registry = new PrometheusRegistry();
        HealMetrics.register(registry);
        assertThrows(IllegalStateException.class, () -> HealMetrics.register(registry));
    }
}
