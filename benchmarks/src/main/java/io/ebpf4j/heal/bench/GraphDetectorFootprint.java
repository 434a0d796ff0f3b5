package io.ebpf4j.heal.bench;

import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.learn.GraphModel;
import io.ebpf4j.heal.learn.LearnedGraphDetector;
import io.ebpf4j.heal.learn.ModelFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The learned graph detector's retained memory: the heap held by {@code COUNT} detectors (each with its
 * own copy of the shipped model, having scored 100 snapshots, so its per-edge state and buffers exist),
 * divided by {@code COUNT}, for each model and mesh size. The model's parameters alone are
 * {@code 8 x parameterCount} bytes. Run: {@code java -cp benchmarks/target/ebpf4j-benchmarks.jar
 * io.ebpf4j.heal.bench.GraphDetectorFootprint}.
 */
public final class GraphDetectorFootprint {
    private static final int COUNT = 200;

    private GraphDetectorFootprint() {}

    public static void main(String[] args) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.out.printf("%-10s %6s %12s %14s %16s%n", "model", "nodes", "parameters", "params (B)", "retained (B)");
        for (String kind : new String[] {"graphsage", "mlp"}) {
            for (int nodes : new int[] {5, 16, 32}) {
                ModelFile file = ModelFile.shipped(GraphModel.Kind.of(kind));
                TelemetryGraph[] snaps = Snapshots.fullMesh(nodes, 64, 1);
                long before = used(mem);
                LearnedGraphDetector[] keep = new LearnedGraphDetector[COUNT];
                for (int i = 0; i < COUNT; i++) {
                    keep[i] = new LearnedGraphDetector(ModelFile.fromJson(file.toJson(), "copy"));
                    for (int t = 0; t < 100; t++) {
                        keep[i].score(snaps[t & 63]);
                    }
                }
                long after = used(mem);
                System.out.printf("%-10s %6d %12d %14d %16d%n", kind, nodes, file.model().parameterCount(),
                        8L * file.model().parameterCount(), (after - before) / COUNT);
                if (keep[COUNT - 1].name().isEmpty()) {
                    System.out.println(); // keeps the detectors reachable until measured
                }
            }
        }
    }

    private static long used(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
