package io.ebpf4j.heal.bench;

import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.learn.GraphModel;
import io.ebpf4j.heal.learn.LearnedGraphDetector;
import io.ebpf4j.heal.learn.ModelFile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learned graph detector's cost per snapshot, as the heal loop pays it once per period: feature
 * extraction (with its per-edge state), the forward pass of the shipped model, the decision rule and the
 * scores, on full meshes of 5 (the experiment's), 16 and 32 nodes (n(n-1) directed edges). Run with
 * {@code -prof gc} for the allocation per snapshot; {@link GraphDetectorFootprint} measures the retained
 * memory. Not part of the paired Java/C suite (its own package): see docs/heal/GRAPH_DETECTOR.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GraphDetectorBench {
    @Param({"graphsage", "mlp"})
    String model;

    @Param({"5", "16", "32"})
    int nodes;

    private LearnedGraphDetector detector;
    private io.ebpf4j.heal.graph.TelemetryGraph[] snapshots;
    private int next;

    @Setup
    public void setup() {
        detector = new LearnedGraphDetector(ModelFile.shipped(GraphModel.Kind.of(model)));
        snapshots = Snapshots.fullMesh(nodes, 64, 1);
        for (int i = 0; i < 100; i++) { // past the warm-up periods of the decision rule
            detector.score(snapshots[i & 63]);
        }
    }

    @Benchmark
    public GraphScores scoreOneSnapshot() {
        return detector.score(snapshots[next++ & 63]);
    }
}
