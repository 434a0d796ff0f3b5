package io.ebpf4j.heal.learn;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with decoupled weight decay (Loshchilov and Hutter, 2019) on weight
 * tensors (biases are not decayed). Applies and clears the accumulated gradients.
 */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final List<Param> params;
    private final double[][] m;
    private final double[][] v;
    private final double lr;
    private final double decay;
    private long t;

    Adam(List<Param> params, double lr, double decay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.decay = decay;
        m = new double[params.size()][];
        v = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).w.length];
            v[i] = new double[params.get(i).w.length];
        }
    }

    void step() {
        t++;
        double c1 = 1 - StrictMath.pow(BETA1, t);
        double c2 = 1 - StrictMath.pow(BETA2, t);
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            boolean decays = !p.name.endsWith(".b");
            double[] mi = m[i];
            double[] vi = v[i];
            for (int k = 0; k < p.w.length; k++) {
                double g = p.g[k];
                mi[k] = BETA1 * mi[k] + (1 - BETA1) * g;
                vi[k] = BETA2 * vi[k] + (1 - BETA2) * g * g;
                double step = lr * (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + EPS);
                if (decays) {
                    step += lr * decay * p.w[k];
                }
                p.w[k] -= step;
                p.g[k] = 0;
            }
        }
    }
}
