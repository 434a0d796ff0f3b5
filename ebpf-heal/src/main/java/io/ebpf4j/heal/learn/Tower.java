package io.ebpf4j.heal.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of {@link Dense} layers with ReLU between them (none after the last), applied row-wise to a
 * batch: the heads of both models and the whole of the MLP baseline.
 */
final class Tower {
    final Dense[] layers;

    /** Layers {@code in -> widths[0] -> ... -> widths[last]}. */
    Tower(String name, int in, int... widths) {
        layers = new Dense[widths.length];
        int prev = in;
        for (int i = 0; i < widths.length; i++) {
            layers[i] = new Dense(name + "." + i, prev, widths[i]);
            prev = widths[i];
        }
    }

    int in() {
        return layers[0].in;
    }

    int out() {
        return layers[layers.length - 1].out;
    }

    List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (Dense d : layers) {
            p.addAll(d.params());
        }
        return p;
    }

    void init(SplittableRandom rnd) {
        for (Dense d : layers) {
            d.init(rnd);
        }
    }

    /** What one forward pass keeps for the backward pass; reused between passes of the same size. */
    static final class Tape {
        double[] input;
        int rows;
        /** {@code act[i]}: the input of layer i (act[0] is {@code input}); {@code out}: the last layer's output. */
        double[][] act;
        double[] out;
        double[][] grad;

        void size(Tower t, int rows) {
            if (act != null && this.rows == rows) {
                return;
            }
            this.rows = rows;
            act = new double[t.layers.length][];
            grad = new double[t.layers.length][];
            for (int i = 1; i < t.layers.length; i++) {
                act[i] = new double[rows * t.layers[i].in];
                grad[i] = new double[rows * t.layers[i].in];
            }
            out = new double[rows * t.out()];
        }
    }

    /** The output of {@code rows} rows of {@code x} (kept in the tape, which also keeps {@code x}). */
    double[] forward(double[] x, int rows, Tape t) {
        t.size(this, rows);
        t.input = x;
        t.act[0] = x;
        for (int i = 0; i < layers.length; i++) {
            double[] y = i == layers.length - 1 ? t.out : t.act[i + 1];
            layers[i].forward(t.act[i], rows, y);
            if (i < layers.length - 1) {
                for (int k = 0; k < y.length; k++) {
                    if (y[k] < 0) {
                        y[k] = 0;
                    }
                }
            }
        }
        return t.out;
    }

    /**
     * Backpropagates {@code dOut} through the pass recorded in {@code t}: accumulates the parameter
     * gradients and writes the input's gradient into {@code dx} unless it is null.
     */
    void backward(Tape t, double[] dOut, double[] dx) {
        double[] d = dOut;
        for (int i = layers.length - 1; i >= 0; i--) {
            double[] dIn = i == 0 ? dx : t.grad[i];
            layers[i].backward(t.act[i], d, t.rows, dIn);
            if (i > 0) {
                double[] a = t.act[i];
                for (int k = 0; k < dIn.length; k++) {
                    if (a[k] <= 0) {
                        dIn[k] = 0; // ReLU: act[i] is the ReLU's output
                    }
                }
            }
            d = dIn;
        }
    }
}
