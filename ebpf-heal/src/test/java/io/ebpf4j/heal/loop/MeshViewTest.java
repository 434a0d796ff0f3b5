package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshViewTest {
    private static EdgeFeatures edge(int from, int to, boolean anomalous) {
        return new EdgeFeatures(from, to, 0, 100, 1e6, 0, 0, anomalous ? 1 : 0, anomalous);
    }

    @Test
    void aSnapshotHoldsEveryNodesLatestRecordsInOrder() {
        SharedView view = new MeshView();
        view.publishEdges(List.of(edge(1, 0, false), edge(0, 1, false)));
        view.publishEdges(List.of(edge(0, 1, true)));
        view.publishNode(new NodeFeatures(1, "b", 0, 0, 0, 0, false));
        view.publishNode(new NodeFeatures(0, "a", 0, 0, 0, 0, false));
        view.publishNode(new NodeFeatures(1, "b", 1, 0, 0, 0, true));
        TelemetryGraph g = view.snapshot(5);
        assertEquals(5, g.monoNanos());
        assertEquals(List.of(edge(0, 1, true), edge(1, 0, false)), g.edges());
        assertEquals(List.of(new NodeFeatures(0, "a", 0, 0, 0, 0, false), new NodeFeatures(1, "b", 1, 0, 0, 0, true)),
                g.nodes());
    }

    @Test
    void inOneProcessThereIsNoMembershipEvidence() {
        assertTrue(new MeshView().membership().isEmpty());
    }
}
