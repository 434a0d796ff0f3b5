package io.ebpf4j.heal.graph;

/**
 * A detector over whole telemetry snapshots: per-series statistics ({@link SeriesGraphDetector}) or a
 * learnt graph model (a GraphSAGE or GAT network trained on {@link GraphExport} output, served in or
 * out of process). Its flags feed {@link FaultLocaliser} through {@link #annotate}.
 * Called once per period by one thread; implementations may keep state between snapshots.
 */
public interface GraphDetector {
    /** A short stable name for journals and metrics. */
    String name();

    /** Scores the nodes and edges of snapshot {@code g}. */
    GraphScores score(TelemetryGraph g);

    /** {@code g} with this detector's scores and flags in place (see {@link GraphScores#applyTo}). */
    default TelemetryGraph annotate(TelemetryGraph g) {
        return score(g).applyTo(g);
    }
}
