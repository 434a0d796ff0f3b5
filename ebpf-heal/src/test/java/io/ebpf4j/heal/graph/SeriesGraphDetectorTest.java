package io.ebpf4j.heal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesGraphDetectorTest {
    private static TelemetryGraph snapshot(Random r, int n, boolean lossy) {
        List<NodeFeatures> nodes = new ArrayList<>();
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            nodes.add(Graphs.node(a, 0, false));
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    boolean sick = lossy && Math.min(a, b) == 0 && Math.max(a, b) == 2;
                    double loss = sick ? 0.6 : 0;
                    edges.add(new EdgeFeatures(a, b, loss, 80 + 10 * r.nextGaussian(), 1e6, 0, 0, 0, false));
                }
            }
        }
        return new TelemetryGraph(0, nodes, edges);
    }

    @Test
    void perSeriesDetectorsFeedTheLocaliser() {
        GraphDetector detector = SeriesGraphDetector.withDefaults();
        FaultLocaliser localiser = new FaultLocaliser();
        Random r = new Random(3);
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of(), localiser.localise(detector.annotate(snapshot(r, 4, false))));
        }
        List<Diagnosis> d = List.of();
        for (int i = 0; i < 10 && d.isEmpty(); i++) {
            d = localiser.localise(detector.annotate(snapshot(r, 4, true)));
        }
        assertEquals(List.of("link:0-2"), d.stream().map(Diagnosis::subject).toList());
        assertTrue(d.get(0).score() >= 1, "normalised score past the threshold");
    }

    @Test
    void scoresReplaceOnlyWhatTheyName() {
        TelemetryGraph g = Graphs.mesh(3, java.util.Set.of());
        TelemetryGraph marked = new GraphScores(List.of(new GraphScores.EdgeScore(1, 2, 4.5, true)),
                List.of(new GraphScores.NodeScore(0, 2, true))).applyTo(g);
        assertEquals(g.edges().size(), marked.edges().size());
        assertEquals(1, marked.edges().stream().filter(EdgeFeatures::anomalous).count());
        EdgeFeatures e = marked.edges().stream().filter(EdgeFeatures::anomalous).findFirst().orElseThrow();
        assertEquals(List.of(1, 2, 4.5), List.of(e.from(), e.to(), e.score()));
        assertTrue(marked.nodes().get(0).anomalous());
        assertEquals(g.nodes().get(1), marked.nodes().get(1));
    }
}
