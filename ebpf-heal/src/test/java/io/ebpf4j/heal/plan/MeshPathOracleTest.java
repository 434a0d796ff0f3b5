package io.ebpf4j.heal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MeshPathOracleTest {
    private static EdgeFeatures edge(int from, int to, boolean anomalous) {
        return new EdgeFeatures(from, to, anomalous ? 0.5 : 0, 100, 1e6, 0, 0, anomalous ? 8 : 0, anomalous);
    }

    @Test
    void aLinkIsHealthyWhenOneEndMeasuredItAndNeitherFindsItAnomalous() {
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                // link 2-3 is not part of the mesh; 0->1 is anomalous; 1->3 is not measured (only 3->1)
                if (a != b && !(Math.min(a, b) == 2 && Math.max(a, b) == 3) && !(a == 1 && b == 3)) {
                    edges.add(edge(a, b, a == 0 && b == 1));
                }
            }
        }
        MeshPathOracle o = MeshPathOracle.of(new TelemetryGraph(0, List.of(), edges));
        assertFalse(o.linkHealthy(0, 1));
        assertFalse(o.linkHealthy(1, 0));
        assertTrue(o.linkHealthy(1, 3), "3's probes of 1 are round trips: the link works both ways");
        assertTrue(o.linkHealthy(3, 1));
        assertTrue(o.isNeighbour(1, 3));
        assertFalse(o.isNeighbour(2, 3));
        assertTrue(o.linkHealthy(0, 2));
        assertEquals(OptionalInt.of(2), o.alternativeVia(0, 1), "0-2-1, the lowest detour");
        assertFalse(o.linkHealthy(5, 6), "unmeasured: not healthy");
        assertEquals(OptionalInt.empty(), o.alternativeVia(1, 3), "1-0-3 needs 0-1; 1-2-3 needs 2-3");
        assertTrue(o.hasOtherReachablePeer(0, 2));
        assertFalse(o.hasOtherReachablePeer(7, 0), "unknown nodes reach nothing");
    }

    @Test
    void sequenceActionRollsBackWhenAStepFails() {
        RecordingFactory f = new RecordingFactory();
        var failing = new HealAction() {
            @Override
            public String kind() {
                return "broken";
            }

            @Override
            public String describe() {
                return "broken";
            }

            @Override
            public ActionOutcome apply() {
                return ActionOutcome.failed("no such device");
            }

            @Override
            public ActionOutcome undo() {
                return ActionOutcome.unchanged("nothing");
            }
        };
        var seq = new SequenceAction(List.of(f.denyPeer(0, 1), failing));
        assertFalse(seq.apply().ok());
        assertEquals(List.of("apply node 0 denies 1", "undo node 0 denies 1"), f.executed);
    }
}
