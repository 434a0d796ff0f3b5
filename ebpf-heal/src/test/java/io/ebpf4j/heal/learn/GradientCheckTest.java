package io.ebpf4j.heal.learn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Backpropagation against central finite differences, for every parameter tensor of both models. */
class GradientCheckTest {
    private static final double EPS = 1e-6;

    @ParameterizedTest
    @EnumSource(GraphModel.Kind.class)
    void backpropMatchesFiniteDifferencesForEveryParameter(GraphModel.Kind kind) {
        SplittableRandom rnd = new SplittableRandom(42);
        GraphModel model = GraphModel.create(kind, 5, 4, 7);
        FeatureGraph g = Synthetic.randomGraph(4, rnd);
        int[] nodeY = {0, 2, 3, -1};
        int[] edgeY = new int[g.edges()];
        for (int k = 0; k < edgeY.length; k++) {
            edgeY[k] = k % 3; // healthy, link, node
        }
        double[] nodeW = {0.5, 0, 2, 3};
        double[] edgeW = {0.7, 2.5, 1.5, 0};
        double nodeNorm = 3.1;
        double edgeNorm = 6.2;
        // biases start at 0: with a row whose ReLUs are all off, a pre-activation would sit exactly on the
        // kink, where the one-sided derivatives differ; move every parameter off it
        for (Param p : model.params()) {
            for (int i = 0; i < p.w.length; i++) {
                p.w[i] += (rnd.nextDouble() - 0.5) * 0.2;
            }
        }
        GraphModel.Pass pass = model.newPass();
        model.params().forEach(Param::zeroGrad);
        Trainer.lossAndGradient(model, pass, g, nodeY, edgeY, nodeW, edgeW, nodeNorm, edgeNorm, true);
        for (Param p : model.params()) {
            double maxErr = 0;
            double maxGrad = 0;
            for (int i = 0; i < p.w.length; i++) {
                double keep = p.w[i];
                p.w[i] = keep + EPS;
                double up = Trainer.lossAndGradient(model, pass, g, nodeY, edgeY, nodeW, edgeW, nodeNorm, edgeNorm, false);
                p.w[i] = keep - EPS;
                double down = Trainer.lossAndGradient(model, pass, g, nodeY, edgeY, nodeW, edgeW, nodeNorm, edgeNorm, false);
                p.w[i] = keep;
                double numeric = (up - down) / (2 * EPS);
                double analytic = p.g[i];
                // central differences of a loss near 1 carry ~1e-10 of rounding: an absolute floor for tiny gradients
                double err = Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
                maxErr = Math.max(maxErr, err);
                maxGrad = Math.max(maxGrad, Math.abs(analytic));
            }
            assertTrue(maxGrad > 0, kind + " " + p.name + ": no gradient at all (the check would be vacuous)");
            assertTrue(maxErr < 1e-5, kind + " " + p.name + ": relative error " + maxErr + " between backprop and"
                    + " finite differences");
        }
    }
}
