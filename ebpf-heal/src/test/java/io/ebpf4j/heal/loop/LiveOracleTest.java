package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Detours never go through a node whose own route to the destination is a detour (no routing loops). */
class LiveOracleTest {
    private static TelemetryGraph healthyFullMesh(int n) {
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    edges.add(new EdgeFeatures(a, b, 0, 50, 0, 0, 0, 0, false));
                }
            }
        }
        return new TelemetryGraph(0, List.of(), edges);
    }

    @Test
    void aDetouredNeighbourIsNoDetour() {
        LiveOracle o = new LiveOracle(healthyFullMesh(4));
        assertEquals(OptionalInt.of(0), o.alternativeVia(1, 3), "first healthy neighbour");
        o.detoured(0, 3, true); // node 0 itself sends V3 elsewhere
        assertEquals(OptionalInt.of(2), o.alternativeVia(1, 3), "node 0 skipped: 1 -> 0 -> 1 would loop");
        o.detoured(2, 3, true);
        assertTrue(o.alternativeVia(1, 3).isEmpty(), "no detour left");
        o.detoured(0, 3, false);
        assertEquals(OptionalInt.of(0), o.alternativeVia(1, 3), "node 0 direct again");
    }
}
