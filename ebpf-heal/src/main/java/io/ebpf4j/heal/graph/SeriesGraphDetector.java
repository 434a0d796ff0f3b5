package io.ebpf4j.heal.graph;

import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.detect.Detectors;
import io.ebpf4j.heal.detect.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in {@link GraphDetector}: independent scalar detectors per series, one pair (loss ratio,
 * RTT) per directed edge and one (service failures per second) per node, created on first sight. An
 * item is anomalous when any of its detectors is; its score is the largest {@code score / threshold}
 * (0 when no detector judged it). Memory: a fixed set of detectors per edge and node seen.
 */
public final class SeriesGraphDetector implements GraphDetector {
    private final Supplier<AnomalyDetector> loss;
    private final Supplier<AnomalyDetector> rtt;
    private final Supplier<AnomalyDetector> serviceFailures;
    private final Map<Long, AnomalyDetector[]> edgeDetectors = new HashMap<>();
    private final Map<Integer, AnomalyDetector> nodeDetectors = new HashMap<>();

    /** Detectors made by the given factories (each call must return a new detector). */
    public SeriesGraphDetector(Supplier<AnomalyDetector> loss, Supplier<AnomalyDetector> rtt,
            Supplier<AnomalyDetector> serviceFailures) {
        this.loss = loss;
        this.rtt = rtt;
        this.serviceFailures = serviceFailures;
    }

    /** {@link Detectors#forLoss()}, {@link Detectors#forRtt()} and {@link Detectors#forRate()}. */
    public static SeriesGraphDetector withDefaults() {
        return new SeriesGraphDetector(Detectors::forLoss, Detectors::forRtt, Detectors::forRate);
    }

    @Override
    public String name() {
        return "series";
    }

    @Override
    public GraphScores score(TelemetryGraph g) {
        List<GraphScores.EdgeScore> edges = new ArrayList<>(g.edges().size());
        for (EdgeFeatures e : g.edges()) {
            AnomalyDetector[] d = edgeDetectors.computeIfAbsent(GraphScores.key(e.from(), e.to()),
                    k -> new AnomalyDetector[] {loss.get(), rtt.get()});
            Verdict l = d[0].update(e.lossRatio());
            Verdict r = d[1].update(e.rttMicros());
            edges.add(new GraphScores.EdgeScore(e.from(), e.to(), Math.max(ratio(l), ratio(r)),
                    l.anomalous() || r.anomalous()));
        }
        List<GraphScores.NodeScore> nodes = new ArrayList<>(g.nodes().size());
        for (NodeFeatures n : g.nodes()) {
            Verdict v = nodeDetectors.computeIfAbsent(n.node(), k -> serviceFailures.get())
                    .update(n.serviceFailuresPerSec());
            nodes.add(new GraphScores.NodeScore(n.node(), ratio(v), v.anomalous()));
        }
        return new GraphScores(edges, nodes);
    }

    private static double ratio(Verdict v) {
        double r = v.score() / v.threshold();
        return Double.isNaN(r) ? 0 : Math.max(0, r);
    }
}
