package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the sequence of telemetry snapshots into model inputs. A snapshot alone says little of a
 * subtle fault (a 10 % loss is half a lost probe per 50 ms period), so each directed edge keeps a
 * little state: moving averages of its loss over three horizons, how many of its last eight periods lost
 * a probe, and the log-ratio of its RTT to a
 * slowly learnt baseline (updated with clipped steps, so a fault does not become the baseline). The
 * same code runs in training ({@link Trainer}, over the exported runs in order) and in the loop
 * ({@link LearnedGraphDetector}, every period), so both see the same features.
 *
 * <p>Not used: the throughput (it moves when the loop reroutes, so a model would learn the loop's own
 * actions), the analyzer's score and flag (the learned detector must not lean on the rules), drops
 * and syscall latency (the loop does not measure them per node). Not thread-safe; memory: a few
 * doubles per directed edge ever seen.
 */
final class FeatureExtractor {
    /** The per-direction features averaged and maximised into node features: loss and RTT ratio (fast, mid), lossy periods. */
    private static final int[] AGGREGATED = {1, 2, 6, 7, 9};
    /** Per-direction edge features. */
    static final List<String> EDGE = List.of("loss", "loss_ewma_0.5", "loss_ewma_0.2", "loss_ewma_0.05",
            "loss_missing", "rtt_log_ratio", "rtt_log_ratio_ewma_0.5", "rtt_log_ratio_ewma_0.2", "rtt_missing",
            "lossy_periods_of_8");
    /** An edge's input: its own direction's features, then the reverse direction's (zeros when absent). */
    static final int EDGE_INPUT = 2 * EDGE.size();
    /** Node features: its service failures, then mean and max over its outgoing and incoming edges. */
    static final List<String> NODE = nodeNames();

    private static final double RTT_BASE_RATE = 0.01;
    private static final double RTT_BASE_STEP = 0.3;

    private static List<String> nodeNames() {
        List<String> n = new ArrayList<>(List.of("service_failures_log1p", "service_failing"));
        for (String dir : List.of("out", "in")) {
            for (String stat : List.of("mean", "max")) {
                for (int f : AGGREGATED) {
                    n.add(dir + "_" + stat + "_" + EDGE.get(f));
                }
            }
        }
        return List.copyOf(n);
    }

    /** The state of one directed edge. */
    private static final class EdgeState {
        double lossFast;
        double lossMid;
        double lossSlow;
        boolean rttSeeded;
        double rttBase;
        double rttFast;
        double rttMid;
        long lossy; // one bit per period with a loss value, newest lowest: 1 when a probe was lost
        final double[] now = new double[EDGE.size()];

        void update(EdgeFeatures e) {
            double loss = e.lossRatio();
            boolean noLoss = !(loss >= 0);
            if (!noLoss) {
                loss = Math.min(1, loss);
                lossFast += 0.5 * (loss - lossFast);
                lossMid += 0.2 * (loss - lossMid);
                lossSlow += 0.05 * (loss - lossSlow);
                lossy = ((lossy << 1) | (loss > 0 ? 1 : 0)) & 0xff;
            }
            double rtt = e.rttMicros();
            boolean noRtt = !(rtt > 0) || Double.isInfinite(rtt);
            double ratio = 0;
            if (!noRtt) {
                double lr = StrictMath.log(rtt);
                if (!rttSeeded) {
                    rttSeeded = true;
                    rttBase = lr;
                }
                ratio = Math.max(-3, Math.min(8, lr - rttBase));
                rttBase += RTT_BASE_RATE * Math.max(-RTT_BASE_STEP, Math.min(RTT_BASE_STEP, lr - rttBase));
                rttFast += 0.5 * (ratio - rttFast);
                rttMid += 0.2 * (ratio - rttMid);
            }
            now[0] = noLoss ? 0 : loss;
            now[1] = lossFast;
            now[2] = lossMid;
            now[3] = lossSlow;
            now[4] = noLoss ? 1 : 0;
            now[5] = ratio;
            now[6] = rttFast;
            now[7] = rttMid;
            now[8] = noRtt ? 1 : 0;
            now[9] = Long.bitCount(lossy) / 8.0;
        }
    }

    private final Map<Long, EdgeState> edges = new HashMap<>();

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    /** Forgets every edge's state (a new run). */
    void reset() {
        edges.clear();
    }

    /** Updates the state with {@code g} and returns its model input. */
    FeatureGraph extract(TelemetryGraph g) {
        Map<Integer, Integer> row = new TreeMap<>();
        for (NodeFeatures n : g.nodes()) {
            row.putIfAbsent(n.node(), -1);
        }
        for (EdgeFeatures e : g.edges()) {
            if (e.from() != e.to()) {
                row.putIfAbsent(e.from(), -1);
                row.putIfAbsent(e.to(), -1);
            }
        }
        int[] ids = new int[row.size()];
        int r = 0;
        for (Map.Entry<Integer, Integer> en : row.entrySet()) {
            ids[r] = en.getKey();
            en.setValue(r++);
        }
        List<EdgeFeatures> own = new ArrayList<>(g.edges().size());
        Map<Long, Integer> index = new HashMap<>();
        for (EdgeFeatures e : g.edges()) {
            if (e.from() != e.to() && index.putIfAbsent(key(e.from(), e.to()), own.size()) == null) {
                own.add(e);
                edges.computeIfAbsent(key(e.from(), e.to()), k -> new EdgeState()).update(e);
            }
        }
        int n = ids.length;
        int m = own.size();
        int fe = EDGE.size();
        int[] src = new int[m];
        int[] dst = new int[m];
        double[] z = new double[m * EDGE_INPUT];
        List<LinkedHashSet<Integer>> nb = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nb.add(new LinkedHashSet<>());
        }
        int fn = NODE.size();
        double[] x = new double[n * fn];
        int[] outCount = new int[n];
        int[] inCount = new int[n];
        for (int k = 0; k < m; k++) {
            EdgeFeatures e = own.get(k);
            src[k] = row.get(e.from());
            dst[k] = row.get(e.to());
            nb.get(src[k]).add(dst[k]);
            nb.get(dst[k]).add(src[k]);
            EdgeState s = edges.get(key(e.from(), e.to()));
            System.arraycopy(s.now, 0, z, k * EDGE_INPUT, fe);
            aggregate(x, src[k] * fn + 2, s.now, outCount[src[k]]++);
            aggregate(x, dst[k] * fn + 2 + 2 * AGGREGATED.length, s.now, inCount[dst[k]]++);
        }
        for (int k = 0; k < m; k++) {
            EdgeFeatures e = own.get(k);
            Integer rev = index.get(key(e.to(), e.from()));
            if (rev != null) {
                System.arraycopy(z, rev * EDGE_INPUT, z, k * EDGE_INPUT + fe, fe);
            }
        }
        for (NodeFeatures nf : g.nodes()) {
            int i = row.get(nf.node());
            double f = nf.serviceFailuresPerSec();
            double v = f > 0 && !Double.isInfinite(f) ? f : 0;
            x[i * fn] = StrictMath.log1p(v);
            x[i * fn + 1] = v > 0 ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
            finishMean(x, i * fn + 2, outCount[i]);
            finishMean(x, i * fn + 2 + 2 * AGGREGATED.length, inCount[i]);
        }
        int[][] nbrs = new int[n][];
        for (int i = 0; i < n; i++) {
            nbrs[i] = nb.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return new FeatureGraph(ids, x, src, dst, z, nbrs);
    }

    /** Adds an edge's features into the sums (first half) and maxima (second half) at {@code at}. */
    private static void aggregate(double[] x, int at, double[] f, int seen) {
        int a = AGGREGATED.length;
        for (int j = 0; j < a; j++) {
            double v = f[AGGREGATED[j]];
            x[at + j] += v;
            x[at + a + j] = seen == 0 ? v : Math.max(x[at + a + j], v);
        }
    }

    private static void finishMean(double[] x, int at, int count) {
        if (count > 0) {
            for (int j = 0; j < AGGREGATED.length; j++) {
                x[at + j] /= count;
            }
        }
    }
}
