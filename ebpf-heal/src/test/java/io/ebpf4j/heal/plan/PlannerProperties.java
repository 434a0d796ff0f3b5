package io.ebpf4j.heal.plan;

import static io.ebpf4j.heal.plan.Fixtures.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Guard invariants over random flap patterns, on explicit time (no sleeping). */
class PlannerProperties {
    private record Toggle(int subject, int period, long t, Kind kind) {}

    @Property(tries = 300)
    void flappingNeverBreaksTheGuards(
            @ForAll @Size(min = 1, max = 4) List<@Size(min = 1, max = 1500) List<Boolean>> patterns,
            @ForAll @IntRange(min = 5, max = 400) int periodMs, @ForAll @IntRange(min = 0, max = 2000) int holdMs,
            @ForAll @IntRange(min = 0, max = 3000) int cooldownMs, @ForAll @IntRange(min = 1, max = 20) int rateMax,
            @ForAll @IntRange(min = 1000, max = 60_000) int rateWindowMs, @ForAll @IntRange(min = 1, max = 6) int flapK,
            @ForAll @IntRange(min = 1000, max = 60_000) int flapWindowMs) {
        GuardSettings s = new GuardSettings(Duration.ofMillis(holdMs), Duration.ofMillis(cooldownMs), rateMax,
                Duration.ofMillis(rateWindowMs), flapK, Duration.ofMillis(flapWindowMs));
        Planner p = Fixtures.planner(0, 6, new RecordingFactory(), MeshPathOracle.fullMesh(6), s);
        int longest = patterns.stream().mapToInt(List::size).max().orElseThrow();
        int periods = longest + (holdMs + cooldownMs) / periodMs + 2;
        boolean[][] sick = new boolean[patterns.size()][periods];
        List<Toggle> toggles = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            List<Diagnosis> now = new ArrayList<>();
            for (int k = 0; k < patterns.size(); k++) {
                sick[k][i] = i < patterns.get(k).size() && patterns.get(k).get(i);
                if (sick[k][i]) {
                    now.add(Fixtures.link(0, k + 1));
                }
            }
            long t = i * periodMs * MS;
            for (Decision d : p.plan(now, t)) {
                if (d.toggles()) {
                    toggles.add(new Toggle(Integer.parseInt(d.subject().substring("link:0-".length())) - 1, i, t, d.kind()));
                }
            }
        }
        for (Toggle x : toggles) {
            assertTrue(count(toggles, -1, x.t() - rateWindowMs * MS, x.t()) <= rateMax, "rate limit broken at " + x);
            assertTrue(count(toggles, x.subject(), x.t() - flapWindowMs * MS, x.t()) <= 1 + flapK, "flap bound broken at " + x);
            if (x.kind() == Kind.APPLY) {
                assertTrue(sick[x.subject()][x.period()], "applied while healthy: " + x);
            } else {
                assertFalse(sick[x.subject()][x.period()], "undone while sick: " + x);
                int lastSick = x.period();
                while (!sick[x.subject()][lastSick]) {
                    lastSick--;
                }
                long healthyFor = (x.period() - lastSick - 1) * (long) periodMs;
                assertTrue(healthyFor >= holdMs, "undone after " + healthyFor + " ms healthy < hold: " + x);
            }
        }
        for (int k = 0; k < patterns.size(); k++) {
            Kind expect = Kind.APPLY;
            long last = Long.MIN_VALUE;
            for (Toggle x : toggles) {
                if (x.subject() == k) {
                    assertEquals(expect, x.kind(), "applies and undos alternate");
                    expect = expect == Kind.APPLY ? Kind.UNDO : Kind.APPLY;
                    assertTrue(last == Long.MIN_VALUE || x.t() - last >= cooldownMs * MS, "cooldown broken at " + x);
                    last = x.t();
                }
            }
        }
    }

    /** Toggles of {@code subject} (-1: any) in the window (from, to]. */
    private static long count(List<Toggle> toggles, int subject, long from, long to) {
        return toggles.stream().filter(x -> (subject < 0 || x.subject() == subject) && x.t() > from && x.t() <= to).count();
    }

    @Example
    void aSignalAlternatingEveryPeriodMakesOneActionOnly() {
        Planner p = Fixtures.planner(0, 3, new RecordingFactory(), MeshPathOracle.fullMesh(3), GuardSettings.DEFAULTS);
        List<Decision> all = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            all.addAll(p.plan(i % 2 == 0 ? List.of(Fixtures.link(0, 1)) : List.of(), i * 10 * MS));
        }
        assertEquals(List.of(Kind.APPLY), all.stream().map(Decision::kind).toList());
    }

    @Property(tries = 300)
    void noActionCutsTheLastPath(@ForAll @IntRange(min = 3, max = 6) int n,
            @ForAll @Size(max = 12) List<@Size(2) List<@IntRange(min = 0, max = 5) Integer>> sickLinks,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 17) Integer> diagnosisCodes) {
        int[][] sick = sickLinks.stream().filter(l -> l.get(0) < n && l.get(1) < n && !l.get(0).equals(l.get(1)))
                .map(l -> new int[] {l.get(0), l.get(1)}).toArray(int[][]::new);
        MeshPathOracle oracle = MeshPathOracle.fullMesh(n, sick);
        List<Diagnosis> diagnoses = new ArrayList<>();
        for (int code : diagnosisCodes) {
            int peer = 1 + code / 3 % (n - 1);
            diagnoses.add(switch (code % 3) {
                case 0 -> Fixtures.link(0, peer);
                case 1 -> Fixtures.node(peer);
                default -> Fixtures.service(peer);
            });
        }
        Planner p = Fixtures.planner(0, n, new RecordingFactory(), oracle, Fixtures.settings(0, 0, 100, 4));
        for (Decision d : p.plan(diagnoses, 0)) {
            boolean survivable = switch (d.diagnosis()) {
                case Diagnosis.LinkFault l -> oracle.hasAlternative(0, l.b());
                case Diagnosis.NodeFault f -> oracle.linkHealthy(0, (f.node() + 1) % n);
                case Diagnosis.ServiceFault f -> oracle.linkHealthy(0, (f.node() + 1) % n);
            };
            assertEquals(survivable, d.kind() == Kind.APPLY, "decision " + d + " on oracle of sick links " + sickLinks);
            if (!survivable) {
                assertEquals("last-path", d.guard());
            }
        }
    }
}
