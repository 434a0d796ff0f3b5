package io.ebpf4j.heal.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same seed and data give bit-identical weights; another seed other weights; training learns the faults. */
class DeterministicTrainingTest {
    private static TrainingConfig config(GraphModel.Kind kind, long seed) {
        TrainingConfig d = TrainingConfig.defaults(kind);
        return new TrainingConfig(kind, 8, 8, 6, 16, 0.01, d.weightDecay(), 3, seed, 0.25, 10, 0.5, 1, d.debounce(),
                d.nodeDebounce(), d.warmupPeriods(), Double.NaN, Double.NaN);
    }

    private static List<LabelledRun> runs() {
        return List.of(Synthetic.run(4, 800, 1), Synthetic.run(4, 800, 2));
    }

    private static List<long[]> bits(ModelFile f) {
        List<long[]> out = new ArrayList<>();
        for (Param p : f.model().params()) {
            out.add(Arrays.stream(p.w).mapToLong(Double::doubleToRawLongBits).toArray());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void sameSeedGivesBitIdenticalWeights(GraphModel.Kind kind) {
        Trainer.Result a = Trainer.train(config(kind, 5), runs(), "test", s -> { });
        Trainer.Result b = Trainer.train(config(kind, 5), runs(), "test", s -> { });
        Trainer.Result c = Trainer.train(config(kind, 6), runs(), "test", s -> { });
        List<long[]> wa = bits(a.model());
        List<long[]> wb = bits(b.model());
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "tensor " + a.model().model().params().get(i).name);
        }
        assertEquals(a.report(), b.report());
        assertEquals(a.model().decision(), b.model().decision());
        boolean differs = false;
        List<long[]> wc = bits(c.model());
        for (int i = 0; i < wa.size(); i++) {
            differs |= !Arrays.equals(wa.get(i), wc.get(i));
        }
        assertTrue(differs, "another seed must give other weights");
    }

    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void trainingLearnsTheSyntheticFaults(GraphModel.Kind kind) {
        Trainer.Result r = Trainer.train(config(kind, 3), runs(), "test", s -> { });
        assertTrue(r.report().validation().get("edge_macro_f1") > 0.8, "edge macro-F1 " + r.report().validation());
        assertTrue(r.report().validationLoss() < 0.5, "validation loss " + r.report().validationLoss());
        assertFalse(r.model().provenance().runs().isEmpty());
        assertEquals(1600, r.model().provenance().trainSnapshots() + r.model().provenance().validationSnapshots());
    }
}
