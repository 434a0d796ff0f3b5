package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;

/**
 * What the analyzer saw behind a diagnosis, for the journal.
 *
 * @param signal     the series, e.g. {@code "probe_loss"}, {@code "probe_rtt"}, {@code "tcp_resets"}, {@code "syscall_latency"}
 * @param detector   the detector's name (null when unknown)
 * @param score      its score
 * @param threshold  its threshold (NaN when unknown)
 * @param onsetNanos when the anomaly began (the kernel cause of the first alert, or the injected fault), or -1
 * @param decidedBy  which of the loop's detectors flagged what the diagnosis rests on: {@code rules}, a
 *                   graph detector's name (e.g. {@code graphsage}), both joined by {@code +}, or
 *                   {@code rules (fallback: ...)} when the graph detector failed that period; null when unknown
 */
public record Evidence(String signal, String detector, double score, double threshold, long onsetNanos,
        String decidedBy) {
    /** Evidence without a known deciding detector. */
    public Evidence(String signal, String detector, double score, double threshold, long onsetNanos) {
        this(signal, detector, score, threshold, onsetNanos, null);
    }

    /** Evidence guessed from the diagnosis alone: its kind of fault and its anomalous edges' features. */
    public static Evidence of(Diagnosis d) {
        return new Evidence(signalOf(d), null, d.score(), Double.NaN, -1);
    }

    /** This evidence with the anomaly onset known. */
    public Evidence withOnset(long nanos) {
        return new Evidence(signal, detector, score, threshold, nanos, decidedBy);
    }

    /** This evidence with the deciding detector known. */
    public Evidence withDecidedBy(String by) {
        return new Evidence(signal, detector, score, threshold, onsetNanos, by);
    }

    private static String signalOf(Diagnosis d) {
        if (d instanceof Diagnosis.ServiceFault) {
            return "tcp_resets";
        }
        for (EdgeFeatures e : d.evidence()) {
            if (e.anomalous() && e.lossRatio() > 0) {
                return "probe_loss";
            }
        }
        return "probe_rtt";
    }
}
