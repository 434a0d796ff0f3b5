package io.ebpf4j.heal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of localisation on random sets of sick directed edges in full meshes. */
class FaultLocaliserPropertiesTest {
    private final FaultLocaliser localiser = new FaultLocaliser();

    private static Set<String> sickEdges(int n, List<Integer> picks) {
        Set<String> sick = new HashSet<>();
        for (int p : picks) {
            int a = p % n;
            int b = (p / n) % n;
            if (a != b) {
                sick.add(a + ">" + b);
            }
        }
        return sick;
    }

    @Property(tries = 500, seed = "21")
    void everySickLinkIsExplainedOnceAndNoHealthyLinkIsReported(@ForAll @IntRange(min = 3, max = 7) int n,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 48) Integer> picks) {
        Set<String> sick = sickEdges(n, picks);
        List<Diagnosis> diagnoses = localiser.localise(Graphs.mesh(n, sick));
        Set<Integer> sickNodes = new HashSet<>();
        Set<String> reportedLinks = new HashSet<>();
        for (Diagnosis d : diagnoses) {
            assertFalse(d.evidence().isEmpty(), d.subject());
            assertTrue(d.evidence().stream().allMatch(EdgeFeatures::anomalous), d.subject());
            switch (d) {
                case Diagnosis.NodeFault f -> assertTrue(sickNodes.add(f.node()));
                case Diagnosis.LinkFault f -> assertTrue(reportedLinks.add(f.a() + "-" + f.b()));
                case Diagnosis.ServiceFault f -> throw new AssertionError("no node is flagged: " + f);
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                boolean linkSick = sick.contains(a + ">" + b) || sick.contains(b + ">" + a);
                boolean byNode = sickNodes.contains(a) || sickNodes.contains(b);
                boolean byLink = reportedLinks.contains(a + "-" + b);
                if (linkSick) {
                    assertTrue(byNode || byLink, "sick link " + a + "-" + b + " unexplained");
                } else {
                    assertFalse(byLink, "healthy link " + a + "-" + b + " reported");
                }
                assertFalse(byNode && byLink, "link " + a + "-" + b + " reported twice");
            }
        }
    }

    @Property(tries = 200, seed = "22")
    void aBlackholedNodeIsFoundDespiteAnUnrelatedSickLink(@ForAll @IntRange(min = 4, max = 8) int n,
            @ForAll @IntRange(min = 0, max = 7) int node, @ForAll @IntRange(min = 0, max = 63) int other) {
        int j = node % n;
        Set<String> sick = new HashSet<>();
        for (int k = 0; k < n; k++) {
            if (k != j) {
                sick.add(j + ">" + k);
                sick.add(k + ">" + j);
            }
        }
        int a = other % n;
        int b = (other / n) % n;
        boolean extra = a != b && a != j && b != j;
        if (extra) {
            sick.add(a + ">" + b);
        }
        List<String> subjects = localiser.localise(Graphs.mesh(n, sick)).stream().map(Diagnosis::subject).toList();
        assertEquals("node:" + j, subjects.get(0));
        assertEquals(extra ? 2 : 1, subjects.size(), subjects.toString());
    }
}
