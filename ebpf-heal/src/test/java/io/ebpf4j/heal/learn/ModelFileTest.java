package io.ebpf4j.heal.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebpf4j.heal.detect.Debounce;
import io.ebpf4j.heal.graph.GraphScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A saved model reloads to identical outputs; bad files are refused with the reason. */
class ModelFileTest {
    @TempDir
    Path dir;

    private static ModelFile sample(GraphModel.Kind kind) {
        Provenance p = new Provenance("2026-12-07T00:00:00Z", "test", List.of(new Provenance.Run("a/graphs.jsonl", 7,
                "2026-12-07", 100)), 80, 20, Map.of("seed", "3"), Map.of("val_loss", 0.25));
        return new ModelFile(GraphModel.create(kind, 6, 5, 11),
                new DecisionRule(0.7, 0.8, new Debounce.Config(2, 3, 5), new Debounce.Config(1, 2, 3), 4), p);
    }

    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void reloadsToIdenticalOutputs(GraphModel.Kind kind) {
        ModelFile saved = sample(kind);
        Path f = dir.resolve(kind.label() + ".json");
        saved.save(f);
        ModelFile loaded = ModelFile.load(f);
        assertEquals(saved.decision(), loaded.decision());
        assertEquals(saved.provenance(), loaded.provenance());
        assertEquals(kind, loaded.model().kind());
        LearnedGraphDetector a = new LearnedGraphDetector(saved);
        LearnedGraphDetector b = new LearnedGraphDetector(loaded);
        for (LabelledRun.Snapshot s : Synthetic.run(5, 300, 9).snapshots()) {
            GraphScores sa = a.score(s.graph());
            GraphScores sb = b.score(s.graph());
            assertEquals(sa, sb, "scores differ at t=" + s.graph().monoNanos());
        }
        assertEquals(saved.toJson(), loaded.toJson());
    }

    @Test
    void refusesOtherVersionsFeaturesAndShapesWithTheReason() throws Exception {
        ObjectNode good = sample(GraphModel.Kind.GRAPHSAGE).toJson();
        ObjectNode v2 = good.deepCopy().put("version", 2);
        var e1 = assertThrows(IllegalArgumentException.class, () -> ModelFile.fromJson(v2, "x.json"));
        assertTrue(e1.getMessage().contains("version 2 is not supported"), e1.getMessage());
        ObjectNode feats = good.deepCopy();
        feats.putArray("edge_features").add("loss");
        var e2 = assertThrows(IllegalArgumentException.class, () -> ModelFile.fromJson(feats, "x.json"));
        assertTrue(e2.getMessage().contains("edge_features") && e2.getMessage().contains("retrain"), e2.getMessage());
        ObjectNode shape = good.deepCopy();
        ((ObjectNode) shape.withArray("params").get(0)).put("rows", 99);
        var e3 = assertThrows(IllegalArgumentException.class, () -> ModelFile.fromJson(shape, "x.json"));
        assertTrue(e3.getMessage().contains("sage1.self"), e3.getMessage());
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "{not json");
        var e4 = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(notJson));
        assertTrue(e4.getMessage().contains("not valid JSON"), e4.getMessage());
    }
}
