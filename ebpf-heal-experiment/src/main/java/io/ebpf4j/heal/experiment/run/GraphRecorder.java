package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.graph.GraphExport;
import io.ebpf4j.heal.graph.GraphLabels;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every {@code every}-th telemetry graph of the loop to a {@link GraphExport} (JSON lines a
 * GNN training script reads, as does {@code ebpf4j train-graph}), labelled with the subjects of the faults on
 * the wire at that instant (from the first injection step to the end of the clearing): the experiment's
 * ground truth, so the run doubles as a labelled training set for a learned detector.
 */
final class GraphRecorder implements Consumer<TelemetryGraph>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphRecorder.class);

    private final GraphExport export;
    private final int every;
    private volatile Supplier<? extends Collection<String>> activeSubjects = List::of;
    private long seen;
    private boolean failed;
    private boolean stopped;

    GraphRecorder(GraphExport export, int every) {
        this.export = export;
        this.every = Math.max(1, every);
    }

    /** Where the labels come from (the injector's active faults). */
    void labels(Supplier<? extends Collection<String>> subjects) {
        this.activeSubjects = subjects;
    }

    /** Records nothing more (the run is over; the rest is its teardown). */
    synchronized void stop() {
        stopped = true;
    }

    @Override
    public synchronized void accept(TelemetryGraph g) {
        if (failed || stopped || seen++ % every != 0) {
            return;
        }
        try {
            export.write(g, GraphLabels.fromSubjects(g, activeSubjects.get()));
        } catch (IOException | UncheckedIOException e) {
            failed = true;
            LOG.warn("graph export stopped: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        export.close();
    }
}
