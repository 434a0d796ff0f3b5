package io.ebpf4j.heal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultLocaliserTest {
    private final FaultLocaliser localiser = new FaultLocaliser();

    private static List<String> subjects(List<Diagnosis> d) {
        return d.stream().map(Diagnosis::subject).toList();
    }

    @Test
    void healthyMeshHasNoDiagnosis() {
        assertEquals(List.of(), localiser.localise(Graphs.mesh(5, Set.of())));
    }

    @Test
    void oneSickLink() {
        List<Diagnosis> d = localiser.localise(Graphs.mesh(5, Set.of("1>3", "3>1")));
        assertEquals(List.of("link:1-3"), subjects(d));
        Diagnosis.LinkFault f = (Diagnosis.LinkFault) d.get(0);
        assertEquals(1, f.a());
        assertEquals(List.of(1, 3), f.evidence().stream().map(EdgeFeatures::from).toList());
        assertEquals(7, f.score());
    }

    @Test
    void oneDirectionSufficesForALink() {
        assertEquals(List.of("link:0-4"), subjects(localiser.localise(Graphs.mesh(5, Set.of("4>0")))));
    }

    @Test
    void nodeWithAllEdgesSickIsANodeFault() {
        Set<String> sick = new HashSet<>();
        for (int k : new int[] {0, 1, 3, 4}) {
            sick.add("2>" + k);
            sick.add(k + ">2");
        }
        List<Diagnosis> d = localiser.localise(Graphs.mesh(5, sick));
        assertEquals(List.of("node:2"), subjects(d), "its links are not reported again");
        assertEquals(8, d.get(0).evidence().size());
        assertEquals(9, d.get(0).score(), "2>4 and 4>2 score 3 + 6");
    }

    @Test
    void nodeKeepingOneHealthyLinkIsStillANodeFault() {
        List<Diagnosis> d = localiser.localise(Graphs.mesh(5, Set.of("0>1", "0>2", "3>0")));
        assertEquals(List.of("node:0"), subjects(d));
        List<Diagnosis> strict = new FaultLocaliser(new FaultLocaliser.Config(2, 0))
                .localise(Graphs.mesh(5, Set.of("0>1", "0>2", "3>0")));
        assertEquals(List.of("link:0-1", "link:0-2", "link:0-3"), subjects(strict));
    }

    @Test
    void twoIndependentSickLinks() {
        assertEquals(List.of("link:0-1", "link:2-4"),
                subjects(localiser.localise(Graphs.mesh(5, Set.of("2>4", "0>1", "1>0")))));
    }

    @Test
    void twoSickLinksSharingANodeOfDegreeFourAreLinks() {
        assertEquals(List.of("link:0-1", "link:0-2"),
                subjects(localiser.localise(Graphs.mesh(5, Set.of("0>1", "2>0")))));
    }

    @Test
    void sickNodePlusUnrelatedSickLink() {
        Set<String> sick = new HashSet<>(Set.of("3>4", "4>3"));
        for (int k : new int[] {1, 2, 3, 4}) {
            sick.add("0>" + k);
            sick.add(k + ">0");
        }
        assertEquals(List.of("node:0", "link:3-4"), subjects(localiser.localise(Graphs.mesh(5, sick))));
    }

    @Test
    void neighboursOfABlackholeInASmallMeshAreNotBlamed() {
        Set<String> sick = new HashSet<>(Set.of("0>2"));
        for (int k : new int[] {0, 2, 3}) {
            sick.add("1>" + k);
            sick.add(k + ">1");
        }
        assertEquals(List.of("node:1", "link:0-2"), subjects(localiser.localise(Graphs.mesh(4, sick))),
                "node 0 has 2 sick links of 3, but 0-1 is explained by node 1");
    }

    @Test
    void twoBlackholes() {
        Set<String> sick = new HashSet<>();
        for (int j : new int[] {1, 3}) {
            for (int k = 0; k < 5; k++) {
                if (k != j) {
                    sick.add(j + ">" + k);
                    sick.add(k + ">" + j);
                }
            }
        }
        assertEquals(List.of("node:1", "node:3"), subjects(localiser.localise(Graphs.mesh(5, sick))));
    }

    @Test
    void serviceFaultNeedsHealthyLinks() {
        List<NodeFeatures> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(Graphs.node(i, i == 3 ? 40 : 0, i == 3));
        }
        TelemetryGraph g = Graphs.mesh(5, Set.of(), nodes);
        List<EdgeFeatures> edges = new ArrayList<>(g.edges());
        edges.replaceAll(e -> e.to() == 3 ? new EdgeFeatures(e.from(), 3, 0, 80, 1e6, 0, 20, 0, false) : e);
        List<Diagnosis> d = localiser.localise(new TelemetryGraph(1, nodes, edges));
        assertEquals(List.of("service:3"), subjects(d));
        assertEquals(4, d.get(0).evidence().size(), "the peers that saw resets");
        assertEquals(7, d.get(0).score());

        List<Diagnosis> withSickLink = localiser.localise(Graphs.mesh(5, Set.of("3>1"), nodes));
        assertEquals(List.of("link:1-3"), subjects(withSickLink), "a sick link explains the failures first");
    }

    @Test
    void nodeFlaggedWithoutServiceFailuresIsNoServiceFault() {
        List<NodeFeatures> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(Graphs.node(i, 0, i == 1));
        }
        assertTrue(localiser.localise(Graphs.mesh(3, Set.of(), nodes)).isEmpty());
    }

    @Test
    void orderIsDeterministic() {
        Set<String> sick = Set.of("4>3", "1>0", "2>1", "1>2", "0>1");
        TelemetryGraph g = Graphs.mesh(5, sick);
        List<EdgeFeatures> reversed = new ArrayList<>(g.edges());
        java.util.Collections.reverse(reversed);
        assertEquals(localiser.localise(g), localiser.localise(new TelemetryGraph(1, g.nodes(), reversed)));
    }

    @Test
    void badConfigNamesTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FaultLocaliser.Config(1, 1))
                .getMessage().startsWith("minSickLinks"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FaultLocaliser.Config(2, -1))
                .getMessage().startsWith("healthyLinksTolerated"));
    }
}
