package io.ebpf4j.heal.learn;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A GraphSAGE layer with the mean aggregator (Hamilton et al., 2017):
 * {@code h'_v = ReLU(W_self h_v + W_nbr mean_{u in N(v)} h_u + b)}; a node without neighbours
 * aggregates zeros.
 */
final class SageLayer {
    final int in;
    final int out;
    final Param self;
    final Param nbr;
    final Param b;

    SageLayer(String name, int in, int out) {
        this.in = in;
        this.out = out;
        this.self = new Param(name + ".self", out, in);
        this.nbr = new Param(name + ".nbr", out, in);
        this.b = new Param(name + ".b", 1, out);
    }

    List<Param> params() {
        return List.of(self, nbr, b);
    }

    /** He-uniform over the concatenated input {@code [h, mean]}, zero bias. */
    void init(SplittableRandom rnd) {
        double limit = Math.sqrt(6.0 / (2 * in));
        for (Param p : List.of(self, nbr)) {
            for (int i = 0; i < p.w.length; i++) {
                p.w[i] = (rnd.nextDouble() * 2 - 1) * limit;
            }
        }
    }

    /** The mean of each row's neighbour rows of {@code h} ({@code n x in}) into {@code agg}. */
    void aggregate(double[] h, int[][] nbrs, double[] agg) {
        Arrays.fill(agg, 0, nbrs.length * in, 0);
        for (int v = 0; v < nbrs.length; v++) {
            int[] nv = nbrs[v];
            if (nv.length == 0) {
                continue;
            }
            int ao = v * in;
            for (int u : nv) {
                int ho = u * in;
                for (int i = 0; i < in; i++) {
                    agg[ao + i] += h[ho + i];
                }
            }
            double inv = 1.0 / nv.length;
            for (int i = 0; i < in; i++) {
                agg[ao + i] *= inv;
            }
        }
    }

    /** {@code y = ReLU(W_self h + W_nbr agg + b)} for {@code n} rows. */
    void forward(double[] h, double[] agg, int n, double[] y) {
        double[] ws = self.w;
        double[] wn = nbr.w;
        double[] bv = b.w;
        for (int v = 0; v < n; v++) {
            int ho = v * in;
            for (int o = 0; o < out; o++) {
                double s = bv[o];
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    s += ws[wo + i] * h[ho + i] + wn[wo + i] * agg[ho + i];
                }
                y[v * out + o] = s > 0 ? s : 0;
            }
        }
    }

    /**
     * Backpropagates {@code dy} (overwritten with the pre-activation gradient): accumulates the
     * parameter gradients and, unless {@code dh} is null, writes the gradient of the input rows
     * (through both the self and the neighbour paths) into {@code dh}; {@code dagg} is scratch.
     */
    void backward(double[] h, double[] agg, double[] y, double[] dy, int[][] nbrs, double[] dh, double[] dagg) {
        int n = nbrs.length;
        for (int k = 0; k < n * out; k++) {
            if (y[k] <= 0) {
                dy[k] = 0;
            }
        }
        double[] ws = self.w;
        double[] wn = nbr.w;
        if (dh != null) {
            Arrays.fill(dh, 0, n * in, 0);
            Arrays.fill(dagg, 0, n * in, 0);
        }
        for (int v = 0; v < n; v++) {
            int ho = v * in;
            for (int o = 0; o < out; o++) {
                double d = dy[v * out + o];
                if (d == 0) {
                    continue;
                }
                b.g[o] += d;
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    self.g[wo + i] += d * h[ho + i];
                    nbr.g[wo + i] += d * agg[ho + i];
                    if (dh != null) {
                        dh[ho + i] += d * ws[wo + i];
                        dagg[ho + i] += d * wn[wo + i];
                    }
                }
            }
        }
        if (dh != null) {
            for (int v = 0; v < n; v++) {
                int[] nv = nbrs[v];
                if (nv.length == 0) {
                    continue;
                }
                double inv = 1.0 / nv.length;
                for (int u : nv) {
                    for (int i = 0; i < in; i++) {
                        dh[u * in + i] += dagg[v * in + i] * inv;
                    }
                }
            }
        }
    }
}
