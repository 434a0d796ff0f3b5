package io.ebpf4j.heal.detect;

import java.util.Random;

/** Synthetic series shaped like the loop's inputs. */
final class Series {
    private Series() {}

    /** Probes per 50 ms period (one every 10 ms). */
    static final int PROBES = 5;

    /** Loss ratio of one period with per-probe loss probability {@code p}. */
    static double loss(Random r, double p) {
        int lost = 0;
        for (int i = 0; i < PROBES; i++) {
            lost += r.nextDouble() < p ? 1 : 0;
        }
        return (double) lost / PROBES;
    }

    /**
     * Mean probe RTT of one period, microseconds: lognormal around 80 us, and with probability
     * {@code spikeRate} per period one probe delayed by a Pareto scheduler spike of 1 ms and more.
     */
    static double rtt(Random r, double spikeRate) {
        double base = 80 * Math.exp(0.3 * r.nextGaussian());
        double sum = 0;
        for (int i = 0; i < PROBES; i++) {
            double s = base * Math.exp(0.1 * r.nextGaussian());
            if (r.nextDouble() < spikeRate / PROBES) {
                s += 1000 * Math.pow(r.nextDouble(), -1 / 1.5);
            }
            sum += s;
        }
        return sum / PROBES;
    }

    /** Student t with 3 degrees of freedom, scaled to unit variance (heavy tails). */
    static double t3(Random r) {
        double chi = 0;
        for (int i = 0; i < 3; i++) {
            double g = r.nextGaussian();
            chi += g * g;
        }
        return r.nextGaussian() / Math.sqrt(chi / 3) / Math.sqrt(3);
    }

    static int poisson(Random r, double lambda) {
        double limit = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    /** A 64-bucket log2 histogram of {@code n} lognormal latencies around {@code medianNs}. */
    static long[] latencies(Random r, int n, double medianNs) {
        long[] h = new long[64];
        for (int i = 0; i < n; i++) {
            double ns = medianNs * Math.exp(0.5 * r.nextGaussian());
            h[Math.max(0, 63 - Long.numberOfLeadingZeros(Math.max(1, (long) ns)))]++;
        }
        return h;
    }
}
