package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Membership as evidence, seen from node 0 of a 4-node full mesh: an absent agent whose links are
 * healthy is no fault; an absent agent with a sick link is a node fault, not link faults; an absent
 * agent's own (frozen) records are no evidence; without membership nothing changes.
 */
class MembershipEvidenceTest {
    private static final FaultLocaliser LOCALISER = new FaultLocaliser();

    /** The full mesh of 4 with the given directed edges anomalous, as {from, to} pairs. */
    private static TelemetryGraph graph(int[]... sick) {
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                if (a != b) {
                    boolean bad = false;
                    for (int[] s : sick) {
                        bad |= s[0] == a && s[1] == b;
                    }
                    edges.add(new EdgeFeatures(a, b, bad ? 1 : 0, 50, 0, 0, 0, bad ? 9 : 0, bad));
                }
            }
        }
        List<NodeFeatures> nodes = List.of(new NodeFeatures(3, "", 0, Double.NaN, 0, 0, false));
        return new TelemetryGraph(1, nodes, edges);
    }

    private static Map<Integer, MemberState> members(Liveness three) {
        Map<Integer, MemberState> m = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            m.put(i, new MemberState(i, "n" + i, i == 3 ? three : Liveness.ALIVE, 0));
        }
        return m;
    }

    private static List<Diagnosis> diagnose(TelemetryGraph g, Map<Integer, MemberState> members) {
        TelemetryGraph current = MembershipEvidence.current(g, members, 0);
        return MembershipEvidence.localise(current, LOCALISER.localise(current), members, 0);
    }

    @Test
    void anAbsentAgentWhoseLinksAreHealthyIsNoFaultJustReported() {
        for (Liveness l : List.of(Liveness.SUSPECT, Liveness.LEAVING, Liveness.DEAD)) {
            TelemetryGraph g = graph();
            assertEquals(List.of(), diagnose(g, members(l)), l + ": its datapath answers the probes");
            assertEquals(Set.of(3), MembershipEvidence.absentWithHealthyLinks(g, members(l), 0));
        }
        assertEquals(Set.of(), MembershipEvidence.absentWithHealthyLinks(graph(), members(Liveness.ALIVE), 0));
    }

    @Test
    void anAbsentAgentWithASickLinkIsANodeFaultNotALinkFault() {
        TelemetryGraph g = graph(new int[] {0, 3});
        assertEquals(List.of("link:0-3"), subjects(diagnose(g, members(Liveness.ALIVE))), "alive: the link");
        List<Diagnosis> d = diagnose(g, members(Liveness.SUSPECT));
        assertEquals(List.of("node:3"), subjects(d));
        assertEquals(List.of(g.edges().stream().filter(e -> e.from() == 0 && e.to() == 3).findFirst().orElseThrow()),
                d.getFirst().evidence());
        assertEquals(Set.of(), MembershipEvidence.absentWithHealthyLinks(g, members(Liveness.SUSPECT), 0));

        TelemetryGraph three = graph(new int[] {0, 3}, new int[] {1, 3}, new int[] {2, 3});
        assertEquals(List.of("node:3"), subjects(diagnose(three, members(Liveness.DEAD))), "one node fault, not 3 links");
    }

    @Test
    void anAbsentAgentsFrozenRecordsAreNoEvidence() {
        // node 3's last publication said its link to 1 was sick; its agent is gone since: the others'
        // edges towards it, measured now, are healthy
        TelemetryGraph g = graph(new int[] {3, 1});
        assertEquals(List.of("link:1-3"), subjects(diagnose(g, members(Liveness.ALIVE))));
        assertEquals(List.of(), diagnose(g, members(Liveness.SUSPECT)));
        TelemetryGraph current = MembershipEvidence.current(g, members(Liveness.SUSPECT), 0);
        assertTrue(current.edges().stream().noneMatch(e -> e.from() == 3), "no edge from node 3");
        assertTrue(current.nodes().isEmpty(), "no features of node 3");
    }

    @Test
    void withoutMembershipEvidenceNothingChanges() {
        TelemetryGraph g = graph(new int[] {0, 3});
        List<Diagnosis> raw = LOCALISER.localise(g);
        assertSame(g, MembershipEvidence.current(g, Map.of(), 0));
        assertSame(raw, MembershipEvidence.localise(g, raw, Map.of(), 0));
        assertSame(g, MembershipEvidence.current(g, members(Liveness.ALIVE), 0));
    }

    @Test
    void theObservingNodeIsNeverItsOwnEvidence() {
        Map<Integer, MemberState> m = members(Liveness.ALIVE);
        m.put(0, new MemberState(0, "n0", Liveness.SUSPECT, 0)); // a view may see itself suspect
        TelemetryGraph g = graph(new int[] {0, 3});
        TelemetryGraph current = MembershipEvidence.current(g, m, 0);
        assertEquals(g.edges().size(), current.edges().size());
        assertEquals(List.of("link:0-3"), subjects(MembershipEvidence.localise(current, LOCALISER.localise(current), m, 0)));
    }

    private static List<String> subjects(List<Diagnosis> d) {
        return d.stream().map(Diagnosis::subject).toList();
    }
}
