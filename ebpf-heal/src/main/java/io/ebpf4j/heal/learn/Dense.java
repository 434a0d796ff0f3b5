package io.ebpf4j.heal.learn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = W x + b} ({@code W} is {@code out x in}) over a batch of rows;
 * backward accumulates into the gradients of {@code W} and {@code b}.
 */
final class Dense {
    final int in;
    final int out;
    final Param w;
    final Param b;

    Dense(String name, int in, int out) {
        this.in = in;
        this.out = out;
        this.w = new Param(name + ".w", out, in);
        this.b = new Param(name + ".b", 1, out);
    }

    List<Param> params() {
        return List.of(w, b);
    }

    /** He-uniform weights (for a ReLU after), zero bias. */
    void init(SplittableRandom rnd) {
        double limit = Math.sqrt(6.0 / in);
        for (int i = 0; i < w.w.length; i++) {
            w.w[i] = (rnd.nextDouble() * 2 - 1) * limit;
        }
    }

    /** {@code y[r] = W x[r] + b} for {@code rows} rows. */
    void forward(double[] x, int rows, double[] y) {
        double[] wv = w.w;
        double[] bv = b.w;
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            int yo = r * out;
            for (int o = 0; o < out; o++) {
                double s = bv[o];
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    s += wv[wo + i] * x[xo + i];
                }
                y[yo + o] = s;
            }
        }
    }

    /**
     * Accumulates the gradients of {@code W} and {@code b} from {@code dy}, and writes
     * {@code dx = W^T dy} (overwriting) unless {@code dx} is null.
     */
    void backward(double[] x, double[] dy, int rows, double[] dx) {
        double[] wv = w.w;
        double[] wg = w.g;
        double[] bg = b.g;
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            int yo = r * out;
            if (dx != null) {
                java.util.Arrays.fill(dx, xo, xo + in, 0);
            }
            for (int o = 0; o < out; o++) {
                double d = dy[yo + o];
                if (d == 0) {
                    continue;
                }
                bg[o] += d;
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    wg[wo + i] += d * x[xo + i];
                    if (dx != null) {
                        dx[xo + i] += d * wv[wo + i];
                    }
                }
            }
        }
    }
}
