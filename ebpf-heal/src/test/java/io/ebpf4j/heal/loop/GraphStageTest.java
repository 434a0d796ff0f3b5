package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The graph detector's stage of a period: a detector that throws or is slow cannot stall the loop (the
 * rules decide, the journal and the metric say so), and the modes combine verdicts as documented.
 */
class GraphStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE = TimeUnit.MILLISECONDS.toNanos(50);

    private final StringWriter journalText = new StringWriter();
    private final DecisionJournal journal = new DecisionJournal(journalText);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HealMetrics metrics = HealMetrics.register(registry);

    /** Three nodes; the rules flag edge 0->1 only. */
    private static TelemetryGraph graph(long t) {
        List<NodeFeatures> nodes = List.of(new NodeFeatures(0, "", 0, Double.NaN, 0, 0, false),
                new NodeFeatures(1, "", 0, Double.NaN, 0, 0, false), new NodeFeatures(2, "", 0, Double.NaN, 0, 0, false));
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                if (a != b) {
                    boolean rules = a == 0 && b == 1;
                    edges.add(new EdgeFeatures(a, b, rules ? 0.4 : 0, 50, 1e4, 0, 0, rules ? 2 : 0, rules));
                }
            }
        }
        return new TelemetryGraph(t, nodes, edges);
    }

    /** A detector flagging both directions of link 1-2 with score 3. */
    private static GraphScores link12() {
        List<GraphScores.EdgeScore> e = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                if (a != b) {
                    boolean on = (a == 1 && b == 2) || (a == 2 && b == 1);
                    e.add(new GraphScores.EdgeScore(a, b, on ? 3 : 0.1, on));
                }
            }
        }
        return new GraphScores(e, List.of());
    }

    private static GraphDetector detector(String name, java.util.function.Function<TelemetryGraph, GraphScores> f) {
        return new GraphDetector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GraphScores score(TelemetryGraph g) {
                return f.apply(g);
            }
        };
    }

    private List<JsonNode> journalLines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : journalText.toString().split("\n")) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aThrowingDetectorFallsBackToTheRulesAndTheJournalSaysSoOncePerStreak() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GraphDetector d = detector("boom", g -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("broken model");
            }
            return link12();
        });
        try (GraphStage stage = new GraphStage(d, DetectorMode.LEARNED, DEADLINE, journal, metrics)) {
            for (int i = 0; i < 3; i++) {
                TelemetryGraph raw = graph(i);
                assertSame(raw, stage.apply(raw, i), "a failing detector leaves the rules' graph");
                Diagnosis rulesLink = new Diagnosis.LinkFault(0, 1, List.of(raw.edges().getFirst()), 2);
                assertEquals("rules (fallback: threw IllegalStateException: broken model)", stage.decidedBy(rulesLink));
            }
            TelemetryGraph ok = stage.apply(graph(3), 3);
            assertTrue(ok.edges().stream().filter(EdgeFeatures::anomalous).allMatch(e -> e.from() + e.to() == 3),
                    "learned mode: the detector's flags replace the rules' " + ok.edges());
        }
        List<JsonNode> lines = journalLines();
        assertEquals(2, lines.size(), "one line at the fallback, one at the recovery: " + lines);
        assertEquals("detector_fallback", lines.get(0).get("event").asText());
        assertEquals("boom", lines.get(0).get("detector").asText());
        assertTrue(lines.get(0).get("reason").asText().contains("broken model"));
        assertEquals("detector_recovered", lines.get(1).get("event").asText());
        assertEquals(3, lines.get(1).get("periods").asInt());
        assertTrue(scrape().contains("ebpf4j_heal_detector_fallbacks_total{detector=\"boom\",reason=\"error\"} 3"), scrape());
    }

    @Test
    void aSlowDetectorCannotStallThePeriod() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GraphDetector d = detector("slow", g -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    release.await(60, TimeUnit.SECONDS); // far past any deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return link12();
        });
        try (GraphStage stage = new GraphStage(d, DetectorMode.COMBINED, DEADLINE, journal, metrics)) {
            long t0 = System.nanoTime();
            TelemetryGraph raw = graph(0);
            assertSame(raw, stage.apply(raw, 0), "past its deadline the rules decide");
            TelemetryGraph raw1 = graph(1);
            assertSame(raw1, stage.apply(raw1, 1), "still busy: the rules decide again, nothing queued behind it");
            long took = System.nanoTime() - t0;
            assertTrue(took < TimeUnit.SECONDS.toNanos(5), "two periods took " + took / 1e6 + " ms");
            assertEquals(1, calls.get(), "a busy detector is not handed another snapshot");
            release.countDown();
            TelemetryGraph combined = null;
            for (int i = 2; i < 200 && combined == null; i++) { // the slow call finishes, then it answers in time
                TelemetryGraph g = graph(i);
                TelemetryGraph out = stage.apply(g, i);
                if (out != g) {
                    combined = out;
                } else {
                    Thread.sleep(10);
                }
            }
            assertTrue(combined != null, "the detector never answered again");
            for (EdgeFeatures e : combined.edges()) {
                boolean link01 = e.from() == 0 && e.to() == 1;
                boolean link12 = e.from() + e.to() == 3;
                assertEquals(link01 || link12, e.anomalous(), "combined: either detector's flag, " + e);
            }
        }
        List<JsonNode> lines = journalLines();
        assertEquals("detector_fallback", lines.get(0).get("event").asText());
        assertTrue(lines.get(0).get("reason").asText().startsWith("timeout after 50 ms"), lines.toString());
        assertEquals("detector_recovered", lines.getLast().get("event").asText());
        String metricsText = scrape();
        assertTrue(metricsText.contains("ebpf4j_heal_detector_fallbacks_total{detector=\"slow\",reason=\"timeout\"} 1"),
                metricsText);
        assertTrue(metricsText.contains("reason=\"busy\""), metricsText);
    }

    @Test
    void combinedSaysWhichDetectorFlaggedTheEvidence() {
        GraphDetector d = detector("graphsage", g -> link12());
        try (GraphStage stage = new GraphStage(d, DetectorMode.COMBINED, DEADLINE, journal, metrics)) {
            TelemetryGraph g = stage.apply(graph(0), 0);
            EdgeFeatures e01 = g.edges().stream().filter(e -> e.from() == 0 && e.to() == 1).findFirst().orElseThrow();
            EdgeFeatures e12 = g.edges().stream().filter(e -> e.from() == 1 && e.to() == 2).findFirst().orElseThrow();
            assertTrue(e01.anomalous() && e12.anomalous());
            assertEquals(3, e12.score(), "the larger score");
            assertEquals("rules", stage.decidedBy(new Diagnosis.LinkFault(0, 1, List.of(e01), 2)));
            assertEquals("graphsage", stage.decidedBy(new Diagnosis.LinkFault(1, 2, List.of(e12), 3)));
            assertEquals("rules+graphsage", stage.decidedBy(new Diagnosis.NodeFault(1, List.of(e01, e12), 3)));
            assertFalse(journalText.toString().contains("event"), "no fallback, no event line");
        }
    }
}
