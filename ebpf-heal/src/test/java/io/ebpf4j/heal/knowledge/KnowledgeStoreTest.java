package io.ebpf4j.heal.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KnowledgeStoreTest {
    @Test
    void keepsOnlyTheNewestUpToCapacityOldestFirst() {
        KnowledgeStore k = new KnowledgeStore(3, 4);
        for (int i = 0; i < 10; i++) {
            k.addGraph(new TelemetryGraph(i, List.of(), List.of()));
        }
        assertEquals(List.of(7L, 8L, 9L), k.recentGraphs(100).stream().map(TelemetryGraph::monoNanos).toList());
        assertEquals(List.of(8L, 9L), k.recentGraphs(2).stream().map(TelemetryGraph::monoNanos).toList());
        assertEquals(9L, k.latestGraph().orElseThrow().monoNanos());
        assertEquals(10, k.graphsAdded());
        assertTrue(new KnowledgeStore(1, 1).latestGraph().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeStore(0, 1));
    }

    @Test
    void queriesBySubject() {
        KnowledgeStore k = new KnowledgeStore(1, 100);
        Diagnosis a = Samples.lossyLink(0, 1);
        Diagnosis b = new Diagnosis.NodeFault(3, List.of(), 4);
        k.addDiagnoses(1, List.of(a, b));
        k.addDiagnoses(2, List.of(a));
        Decision da = Samples.apply(0, a, 2, 1);
        k.addDecisions(List.of(da, Samples.blocked(0, b, 2, "last-path")));
        k.addOutcome(da, ActionOutcome.done("ok"));
        assertEquals(List.of(1L, 2L), k.diagnoses("link:0-1", 10).stream().map(DiagnosisRecord::monoNanos).toList());
        assertEquals(1, k.diagnoses("node:3", 10).size());
        assertEquals(3, k.recentDiagnoses(10).size());
        assertEquals(List.of("last-path"), k.decisions("node:3", 10).stream().map(Decision::guard).toList());
        assertEquals(2, k.recentDecisions(5).size());
        assertEquals(da, k.outcomes("link:0-1", 1).getFirst().decision());
        assertTrue(k.outcomes("node:3", 1).isEmpty());
        assertEquals(1, k.recentOutcomes(9).size());
    }

    @Test
    void readersSeeConsistentSnapshotsWhileTheLoopWrites() throws Exception {
        KnowledgeStore k = new KnowledgeStore(64, 64);
        Diagnosis d = Samples.lossyLink(0, 1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    k.addGraph(new TelemetryGraph(i, List.of(), List.of()));
                    k.addDecisions(List.of(Samples.apply(0, d, i, i)));
                }
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    while (!writer.isDone()) {
                        List<TelemetryGraph> g = k.recentGraphs(64);
                        for (int i = 1; i < g.size(); i++) {
                            assertEquals(g.get(i - 1).monoNanos() + 1, g.get(i).monoNanos(), "a snapshot is contiguous");
                        }
                        assertTrue(k.decisions("link:0-1", 64).size() <= 64);
                    }
                }));
            }
            writer.get();
            for (Future<?> r : readers) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(64, k.recentGraphs(1000).size());
        assertEquals(19_999L, k.latestGraph().orElseThrow().monoNanos());
        assertEquals(20_000, k.decisionsAdded());
    }
}
