package io.ebpf4j.heal.plan;

import static io.ebpf4j.heal.plan.Fixtures.MS;
import static io.ebpf4j.heal.plan.Fixtures.link;
import static io.ebpf4j.heal.plan.Fixtures.node;
import static io.ebpf4j.heal.plan.Fixtures.service;
import static io.ebpf4j.heal.plan.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final RecordingFactory f = new RecordingFactory();

    /** Runs periods of 10 ms from {@code from} to {@code to} (exclusive) with {@code sick} diagnosed; collects decisions. */
    private static List<Decision> run(Planner p, long fromMs, long toMs, List<Diagnosis> sick) {
        List<Decision> out = new ArrayList<>();
        for (long t = fromMs; t < toMs; t += 10) {
            out.addAll(p.plan(sick, t * MS));
        }
        return out;
    }

    @Test
    void linkFaultAtThisNodeReroutesAroundThePeerViaAHealthyDetour() {
        PathOracle oracle = MeshPathOracle.fullMesh(4, new int[] {0, 1}, new int[] {0, 2});
        Planner p = Fixtures.planner(0, 4, f, oracle, GuardSettings.DEFAULTS);
        List<Decision> d = p.plan(List.of(link(1, 0)), 100 * MS, Map.of("link:0-1", 70 * MS));
        assertEquals(1, d.size());
        Decision a = d.getFirst();
        assertEquals(Kind.APPLY, a.kind());
        assertEquals("link:0-1", a.subject());
        assertEquals("reroute-around-link", a.rule());
        assertEquals("around 0-1 via 3", a.action().describe());
        assertEquals(70 * MS, a.detectedNanos());
        assertEquals(30 * MS, a.timeToActNanos());
        assertEquals(Map.of("link:0-1", SubjectState.HEALING), p.states());
        assertTrue(run(p, 110, 2000, List.of(link(0, 1))).isEmpty(), "nothing while the subject stays sick");
    }

    @Test
    void diagnosesNotTouchingThisNodeChangeNothing() {
        Planner p = Fixtures.planner(0, 5, f, MeshPathOracle.fullMesh(5), GuardSettings.DEFAULTS);
        assertTrue(run(p, 0, 500, List.of(link(2, 3), node(0), service(0))).isEmpty());
        assertTrue(f.made.isEmpty());
        assertEquals(0, p.activeActions());
    }

    @Test
    void nodeAndServiceFaultsGoToTheReplicaButNotWhenThisNodeIsTheReplica() {
        Planner p = Fixtures.planner(0, 5, f, MeshPathOracle.fullMesh(5), settings(0, 0, 30, 4));
        List<Decision> d = p.plan(List.of(node(2), service(3), node(4)), 0);
        assertEquals(List.of("node 0: service 2 to 3", "node 0: service 3 to 4"),
                d.stream().map(x -> x.action().describe()).toList(), "node 0 is node 4's replica: it serves V_4 itself");
    }

    @Test
    void denyingASickNodeIsOneSequenceUndoneInReverse() {
        PathOracle oracle = MeshPathOracle.fullMesh(5);
        Planner p = new Planner(0, new DefaultRules(0, f, oracle, j -> (j + 1) % 5, true, false),
                Guards.defaults(settings(0, 0, 30, 4), () -> oracle));
        Decision apply = p.plan(List.of(node(2)), 0).getFirst();
        SequenceAction seq = assertInstanceOf(SequenceAction.class, apply.action());
        assertEquals("reroute+deny-peer", seq.kind());
        seq.apply();
        Decision undo = p.plan(List.of(), 10 * MS).getFirst();
        assertEquals(Kind.UNDO, undo.kind());
        undo.action().undo();
        assertEquals(List.of("apply node 0: service 2 to 3", "apply node 0 denies 2", "undo node 0 denies 2",
                "undo node 0: service 2 to 3"), f.executed);
    }

    @Test
    void restoreOnlyAfterTheSubjectWasHealthyForTheHoldTime() {
        Planner p = Fixtures.planner(0, 3, f, MeshPathOracle.fullMesh(3), settings(1000, 0, 30, 4));
        assertEquals(Kind.APPLY, p.plan(List.of(link(0, 1)), 0).getFirst().kind());
        // healthy from 10 ms on, sick again at 500 ms (the hold restarts), healthy from 510 ms on
        assertTrue(run(p, 10, 500, List.of()).isEmpty());
        assertEquals(Map.of("link:0-1", SubjectState.RESTORING), p.states());
        assertTrue(run(p, 500, 510, List.of(link(0, 1))).isEmpty());
        assertTrue(run(p, 510, 1510, List.of()).isEmpty(), "healthy for less than the hold time");
        List<Decision> undo = p.plan(List.of(), 1510 * MS);
        assertEquals(1, undo.size());
        assertEquals(Kind.UNDO, undo.getFirst().kind());
        assertEquals(1510 * MS, undo.getFirst().monoNanos());
        assertTrue(p.states().isEmpty());
    }

    @Test
    void cooldownDelaysTheNextActionOnTheSameSubjectAndIsJournalledOnce() {
        Planner p = Fixtures.planner(0, 3, f, MeshPathOracle.fullMesh(3), settings(100, 2000, 30, 10));
        p.plan(List.of(link(0, 1)), 0);
        List<Decision> restore = run(p, 10, 2500, List.of());
        assertEquals(List.of(Kind.BLOCKED, Kind.UNDO), restore.stream().map(Decision::kind).toList());
        assertEquals(Kind.UNDO, restore.getFirst().blockedKind());
        assertEquals(110 * MS, restore.getFirst().monoNanos(), "blocked once the hold time was over");
        assertEquals(2000 * MS, restore.get(1).monoNanos(), "the undo waited for the cooldown, past the hold");
        List<Decision> again = run(p, 2500, 5000, List.of(link(0, 1)));
        assertEquals(List.of(Kind.BLOCKED, Kind.APPLY), again.stream().map(Decision::kind).toList());
        Decision blocked = again.getFirst();
        assertEquals("cooldown", blocked.guard());
        assertEquals(Kind.APPLY, blocked.blockedKind());
        assertNull(blocked.action());
        assertEquals(4000 * MS, again.get(1).monoNanos());
    }

    @Test
    void theLastPathIsNeverCut() {
        // node 0's links to 1 and 2 are sick: no detour to 1, no healthy link to 2 (replica of 1)
        PathOracle oracle = MeshPathOracle.fullMesh(3, new int[] {0, 1}, new int[] {0, 2});
        Planner p = Fixtures.planner(0, 3, f, oracle, GuardSettings.DEFAULTS);
        List<Decision> d = run(p, 0, 1000, List.of(link(0, 1), node(1)));
        assertEquals(2, d.size(), "one blocked decision per subject, not one per period");
        for (Decision x : d) {
            assertEquals(Kind.BLOCKED, x.kind());
            assertEquals("last-path", x.guard());
        }
        assertTrue(d.get(0).reason().contains("no healthy detour to node 1"), d.get(0).reason());
        assertTrue(d.get(1).reason().contains("no healthy link to replica 2"), d.get(1).reason());
        assertTrue(f.made.isEmpty(), "no action even made");
        assertEquals(Map.of("link:0-1", SubjectState.SICK, "node:1", SubjectState.SICK), p.states());
    }

    @Test
    void denyingTheLastReachablePeerIsRefused() {
        PathOracle oracle = MeshPathOracle.fullMesh(3, new int[] {0, 2});
        Planner p = new Planner(0, new DefaultRules(0, f, oracle, j -> 0, true, false),
                Guards.defaults(GuardSettings.DEFAULTS, () -> oracle));
        Decision d = p.plan(List.of(node(1)), 0).getFirst();
        assertEquals(Kind.BLOCKED, d.kind());
        assertEquals("node 0 would deny its last reachable peer 1", d.reason());
    }

    @Test
    void flappingSubjectIsHeldWithItsActionInPlace() {
        Planner p = Fixtures.planner(0, 3, f, MeshPathOracle.fullMesh(3), settings(50, 0, 30, 3));
        List<Decision> all = new ArrayList<>();
        long t = 0;
        for (int cycle = 0; cycle < 4; cycle++) {
            all.addAll(run(p, t, t + 100, List.of(link(0, 1))));
            all.addAll(run(p, t + 100, t + 300, List.of()));
            t += 300;
        }
        assertEquals(List.of(Kind.APPLY, Kind.UNDO, Kind.APPLY, Kind.BLOCKED), all.stream().map(Decision::kind).toList());
        assertEquals("flap-damping", all.get(3).guard());
        assertEquals(Kind.UNDO, all.get(3).blockedKind());
        assertEquals(1, p.activeActions());
        // after the window (1 min) the undo goes through
        assertEquals(Kind.UNDO, p.plan(List.of(), 61_000 * MS).getFirst().kind());
    }

    @Test
    void rateLimitCapsActionsOfAllSubjects() {
        Planner p = Fixtures.planner(0, 6, f, MeshPathOracle.fullMesh(6), settings(0, 0, 2, 4));
        List<Decision> d = p.plan(List.of(link(0, 1), link(0, 2), link(0, 3)), 0);
        assertEquals(List.of(Kind.APPLY, Kind.APPLY, Kind.BLOCKED), d.stream().map(Decision::kind).toList());
        assertEquals("rate-limit", d.get(2).guard());
        assertTrue(run(p, 10, 60_000, List.of(link(0, 1), link(0, 2), link(0, 3))).isEmpty());
        assertEquals(Kind.APPLY, p.plan(List.of(link(0, 1), link(0, 2), link(0, 3)), 60_000 * MS).getFirst().kind());
    }

    @Test
    void failedApplyIsRetriedAfterTheCooldown() {
        Planner p = Fixtures.planner(0, 3, f, MeshPathOracle.fullMesh(3), settings(0, 500, 30, 4));
        Decision a = p.plan(List.of(link(0, 1)), 0).getFirst();
        p.outcome(a, new ActionOutcome(false, false, "ip route failed", 0));
        assertEquals(Map.of("link:0-1", SubjectState.SICK), p.states());
        List<Decision> d = run(p, 10, 600, List.of(link(0, 1)));
        assertEquals(List.of(Kind.BLOCKED, Kind.APPLY), d.stream().map(Decision::kind).toList());
        assertEquals(500 * MS, d.get(1).monoNanos());
    }

    @Test
    void restoreAllUndoesEveryActionInPlace() {
        Planner p = Fixtures.planner(0, 4, f, MeshPathOracle.fullMesh(4), GuardSettings.DEFAULTS);
        p.plan(List.of(link(0, 1), service(2), link(2, 3)), 0);
        List<Decision> d = p.restoreAll(10 * MS);
        assertEquals(List.of("link:0-1", "service:2"), d.stream().map(Decision::subject).toList());
        assertTrue(d.stream().allMatch(x -> x.kind() == Kind.UNDO));
        assertTrue(p.states().isEmpty());
    }
}
