package io.ebpf4j.heal.experiment.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.AffectedFlows.Flow;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Schedules are deterministic per seed, gap-separated and within bounds; affected flows follow routing. */
class FaultScheduleTest {

    private static FaultSchedule.Builder builder(int nodes, long seed) {
        return FaultSchedule.builder(nodes).seed(seed).total(Duration.ofMinutes(3))
                .durations(Duration.ofSeconds(5), Duration.ofSeconds(15)).gaps(Duration.ofSeconds(4), Duration.ofSeconds(8))
                .lossShares(0.2, 0.5).bandwidthRates(128_000);
    }

    @Property(tries = 50)
    void schedulesAreDeterministicGapSeparatedAndWithinBounds(@ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int n) {
        FaultSchedule s = builder(n, seed).build();
        assertEquals(s, builder(n, seed).build(), "same seed, same schedule");
        assertFalse(s.entries().isEmpty());
        Duration previousEnd = Duration.ZERO;
        for (FaultSchedule.Entry e : s.entries()) {
            assertTrue(e.start().minus(previousEnd).compareTo(Duration.ofSeconds(4)) >= 0, "gap before " + e);
            assertTrue(e.duration().compareTo(Duration.ofSeconds(15)) <= 0, e.toString());
            assertTrue(e.end().plusSeconds(4).compareTo(s.total()) <= 0, "room after " + e);
            previousEnd = e.end();
            switch (e.fault()) {
                case Fault.LinkLoss f -> assertTrue(f.share() == 0.2 || f.share() == 0.5, f.toString());
                case Fault.BandwidthCollapse f -> assertEquals(128_000, f.rateBitsPerSec());
                case Fault.LinkDown f -> assertTrue(f.a() < f.b() && f.b() < n, f.toString());
                case Fault.Blackhole f -> assertTrue(f.node() < n);
                case Fault.ServiceKill f -> assertTrue(f.node() < n);
                case Fault.AgentKill f -> throw new AssertionError("not a default kind: " + f);
                case Fault.GossipPartition f -> throw new AssertionError("not a default kind: " + f);
            }
        }
    }

    @Test
    void kindsAreRespectedAndSeedsDiffer() {
        FaultSchedule only = builder(5, 7).kinds(Fault.Kind.LINK_DOWN, Fault.Kind.BLACKHOLE).build();
        Set<Fault.Kind> seen = EnumSet.noneOf(Fault.Kind.class);
        only.entries().forEach(e -> seen.add(e.fault().kind()));
        assertEquals(EnumSet.of(Fault.Kind.LINK_DOWN, Fault.Kind.BLACKHOLE), seen);
        assertNotEquals(builder(5, 1).build().entries(), builder(5, 2).build().entries());
        assertThrows(IllegalArgumentException.class, () -> FaultSchedule.builder(2));
        assertThrows(IllegalArgumentException.class, () -> builder(5, 1).lossShares(1.5));
    }

    @Test
    void agentFaultsAreDrawnOnlyWhenAskedForAndShouldNotBeActedOn() {
        FaultSchedule s = builder(4, 3).kinds(Fault.Kind.AGENT_KILL, Fault.Kind.GOSSIP_PARTITION).gossipPort(7950).build();
        Set<Fault.Kind> seen = EnumSet.noneOf(Fault.Kind.class);
        for (FaultSchedule.Entry e : s.entries()) {
            seen.add(e.fault().kind());
            assertFalse(e.fault().shouldAct(), e.toString());
            assertTrue(AffectedFlows.affectedFlows(e.fault(), 4).isEmpty(), "the datapath keeps working: " + e);
            assertTrue(e.fault().subject().matches("(agent|gossip):[0-3]"), e.fault().subject());
        }
        assertEquals(EnumSet.of(Fault.Kind.AGENT_KILL, Fault.Kind.GOSSIP_PARTITION), seen);
        assertEquals(Fault.Kind.GOSSIP_PARTITION, Fault.Kind.of("gossip-partition"));
        assertTrue(Fault.Kind.LOSS.shouldAct() && !Fault.Kind.AGENT_KILL.shouldAct());
        assertThrows(IllegalArgumentException.class, () -> builder(4, 3).gossipPort(0));
    }

    @Test
    void affectedFlowsFollowTheDefaultRoutes() {
        // 5 nodes, replica(j) = j + 1: node 1 serves V0 locally, so link 0-1 impairs only 0 -> V1
        assertEquals(Set.of(new Flow(0, 1)), AffectedFlows.affectedFlows(new Fault.LinkDown(0, 1), 5));
        assertEquals(Set.of(new Flow(0, 2), new Flow(2, 0)), AffectedFlows.affectedFlows(new Fault.LinkLoss(0, 2, 0.3), 5));
        assertEquals(Set.of(new Flow(4, 0)), AffectedFlows.affectedFlows(new Fault.BandwidthCollapse(4, 0, 64_000), 5),
                "node 0 serves V4 locally");
        Set<Flow> hole = AffectedFlows.affectedFlows(new Fault.Blackhole(2), 5);
        assertEquals(Set.of(new Flow(0, 2), new Flow(1, 2), new Flow(4, 2)), hole, "node 3 is 2's replica");
        assertEquals(hole, AffectedFlows.affectedFlows(new Fault.ServiceKill(2), 5));
        assertEquals(List.of(new Flow(0, 2), new Flow(1, 2), new Flow(4, 2)), List.copyOf(hole), "ordered");
    }
}
