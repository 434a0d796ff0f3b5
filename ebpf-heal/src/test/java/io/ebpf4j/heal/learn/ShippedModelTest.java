package io.ebpf4j.heal.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The models shipped in the jar load, say where they come from, and tell a dead link from a clean mesh. */
class ShippedModelTest {
    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void loadsWithItsProvenance(GraphModel.Kind kind) {
        ModelFile f = ModelFile.shipped(kind);
        assertEquals(kind, f.model().kind());
        Provenance p = f.provenance();
        assertFalse(p.runs().isEmpty());
        assertTrue(p.runs().stream().allMatch(r -> r.seed() >= 0 && !r.date().isEmpty() && r.snapshots() > 0), p.runs()
                .toString());
        assertTrue(p.trainSnapshots() > 0 && p.validationSnapshots() > 0);
        assertTrue(p.command().startsWith("train-graph "), p.command());
        assertTrue(p.hyperParameters().containsKey("seed") && p.hyperParameters().containsKey("learning_rate"));
        for (String score : List.of("val_loss", "edge_macro_f1", "node_macro_f1", "edge_threshold", "detected", "faults",
                "clean_false_positives")) {
            assertTrue(p.validation().containsKey(score), score + " in " + p.validation());
        }
        assertEquals(f.decision().edgeThreshold(), p.validation().get("edge_threshold"));
    }

    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void flagsADeadLinkAndNothingOnACleanMesh(GraphModel.Kind kind) {
        LearnedGraphDetector d = LearnedGraphDetector.shipped(kind);
        FaultLocaliser localiser = new FaultLocaliser();
        SplittableRandom rnd = new SplittableRandom(5);
        List<String> diagnosed = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            boolean down = t >= 300;
            TelemetryGraph g = mesh(t, rnd, down);
            for (Diagnosis x : localiser.localise(d.score(g).applyTo(g))) {
                diagnosed.add(t + ":" + x.subject());
            }
        }
        assertTrue(diagnosed.stream().noneMatch(s -> Integer.parseInt(s.substring(0, s.indexOf(':'))) < 300),
                "nothing on the clean mesh: " + diagnosed);
        assertTrue(diagnosed.stream().anyMatch(s -> s.endsWith(":link:1-2")
                && Integer.parseInt(s.substring(0, s.indexOf(':'))) < 310), "link 1-2 down is found: " + diagnosed);
    }

    /** A clean 5-node mesh (RTT 20-60 us); with {@code down}, link 1-2 answers nothing. */
    private static TelemetryGraph mesh(int t, SplittableRandom rnd, boolean down) {
        List<NodeFeatures> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(new NodeFeatures(i, "", 0, Double.NaN, 0, 0, false));
        }
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                if (a != b) {
                    boolean dead = down && a + b == 3 && a * b == 2;
                    edges.add(new EdgeFeatures(a, b, dead ? 1 : 0, dead ? Double.NaN : 20 + rnd.nextDouble() * 40,
                            dead ? 0 : 15_000, 0, 0, 0, false));
                }
            }
        }
        return new TelemetryGraph(t * 50_000_000L, nodes, edges);
    }
}
