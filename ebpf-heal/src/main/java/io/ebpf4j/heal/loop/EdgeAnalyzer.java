package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.detect.Verdict;
import io.ebpf4j.heal.graph.EdgeFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Analyze phase for one node's edges: one loss detector and one RTT detector per neighbour
 * (bounded memory each), fed every period; an edge is anomalous when either says so. Periods without
 * a value (no probe due, no reply for the RTT) are not fed: silence is judged by the loss series.
 * Not thread-safe (the loop's thread).
 */
final class EdgeAnalyzer {
    /** The latest verdicts of one edge, for the journal. */
    record EdgeVerdicts(Verdict loss, Verdict rtt) {}

    private final Supplier<AnomalyDetector> lossDetectors;
    private final Supplier<AnomalyDetector> rttDetectors;
    private final Map<Integer, AnomalyDetector> loss = new HashMap<>();
    private final Map<Integer, AnomalyDetector> rtt = new HashMap<>();
    private final Map<Integer, EdgeVerdicts> latest = new HashMap<>();

    EdgeAnalyzer(Supplier<AnomalyDetector> lossDetectors, Supplier<AnomalyDetector> rttDetectors) {
        this.lossDetectors = lossDetectors;
        this.rttDetectors = rttDetectors;
    }

    List<EdgeFeatures> analyse(List<EdgeSample> samples) {
        List<EdgeFeatures> out = new ArrayList<>(samples.size());
        for (EdgeSample s : samples) {
            EdgeVerdicts prev = latest.get(s.to());
            Verdict l = feed(loss.computeIfAbsent(s.to(), k -> lossDetectors.get()), s.lossRatio(),
                    prev == null ? null : prev.loss());
            Verdict r = feed(rtt.computeIfAbsent(s.to(), k -> rttDetectors.get()), s.rttMicros(),
                    prev == null ? null : prev.rtt());
            EdgeVerdicts v = new EdgeVerdicts(l, r);
            latest.put(s.to(), v);
            boolean bad = (l != null && l.anomalous()) || (r != null && r.anomalous());
            double score = Math.max(ratio(l), ratio(r));
            out.add(new EdgeFeatures(s.from(), s.to(), s.lossRatio(), s.rttMicros(), s.throughputBps(), 0, 0,
                    bad ? score : 0, bad));
        }
        return out;
    }

    /** A NaN sample is not fed; the previous verdict stands (a silent edge keeps its state). */
    private static Verdict feed(AnomalyDetector d, double value, Verdict previous) {
        if (Double.isNaN(value)) {
            return previous;
        }
        return d.update(value);
    }

    private static double ratio(Verdict v) {
        if (v == null || v.threshold() == 0) {
            return 0;
        }
        return v.score() / v.threshold();
    }

    /** The latest verdicts of the edge to {@code peer}, or null before its first sample. */
    EdgeVerdicts verdicts(int peer) {
        return latest.get(peer);
    }

    /** Names of the detectors, for the journal. */
    String lossDetectorName(int peer) {
        AnomalyDetector d = loss.get(peer);
        return d == null ? "" : d.name();
    }

    String rttDetectorName(int peer) {
        AnomalyDetector d = rtt.get(peer);
        return d == null ? "" : d.name();
    }
}
