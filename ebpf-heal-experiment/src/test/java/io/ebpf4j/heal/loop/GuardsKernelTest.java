package io.ebpf4j.heal.loop;

import static io.ebpf4j.heal.loop.RigTesting.await;
import static io.ebpf4j.heal.loop.RigTesting.decisions;
import static io.ebpf4j.heal.loop.RigTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.testkit.RequiresKernel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner's guards on the real kernel: a link that flaps faster than the hold time does not make
 * the loop flap with it, and an action that would send traffic into a dead link (the last path) is
 * refused and leaves the route alone.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY, MapType.RINGBUF})
class GuardsKernelTest {
    @Test
    void aFlappingLinkDoesNotMakeTheLoopFlap() {
        try (HealRig rig = HealRig.start(HealRig.Settings.defaults().withNodes(4))) {
            sleep(Duration.ofSeconds(5));
            Fault flap = new Fault.LinkDown(0, 1);
            for (int i = 0; i < 12; i++) { // 12 cycles of 400 ms down, 400 ms up: 24 transitions in ~10 s
                rig.injector().inject(flap);
                sleep(Duration.ofMillis(400));
                rig.injector().clear(flap);
                sleep(Duration.ofMillis(400));
            }
            List<Decision> toggles = decisions(rig, flap.subject(), Decision.Kind.APPLY);
            int applies = (int) toggles.stream().filter(d -> d.node() == 0).count();
            int undos = (int) decisions(rig, flap.subject(), Decision.Kind.UNDO).stream().filter(d -> d.node() == 0).count();
            int k = GuardSettings.DEFAULTS.flapToggles();
            assertTrue(applies >= 1, "the flapping link was healed at least once");
            assertTrue(applies + undos <= k + 1, "node 0 toggled " + (applies + undos) + " times for 24 link transitions;"
                    + " flap damping allows " + (k + 1));
            // once the link stays up, the loop restores the default route (after its backed-off hold)
            assertTrue(await(() -> SelfHealKernelTest.defaultRoutes(rig), Duration.ofSeconds(40)),
                    "routes restored once the link is stable");
        }
    }

    @Test
    void theLastPathIsNeverCut() {
        // Node 2 is blackholed; its replica is node 3. Node 0 would send V2 to node 3, but its own link
        // to node 3 is down: that path is dead, so the action must be refused (last path), not applied.
        try (HealRig rig = HealRig.start(HealRig.Settings.defaults().withNodes(4))) {
            sleep(Duration.ofSeconds(5));
            var mesh = rig.mesh();
            assertEquals(3, mesh.replica(2));
            rig.injector().inject(new Fault.LinkDown(0, 3));
            assertTrue(await(() -> !decisions(rig, "link:0-3", Decision.Kind.APPLY).isEmpty()
                    || !decisions(rig, "link:0-3", Decision.Kind.BLOCKED).isEmpty(), Duration.ofSeconds(5)),
                    "link 0-3 diagnosed");
            var before = mesh.routes(0).get(mesh.vipPrefix(2));
            HealTable table0 = new HealTable(mesh.netns(0));
            rig.injector().inject(new Fault.Blackhole(2));
            assertTrue(await(() -> decisions(rig, "node:2", Decision.Kind.BLOCKED).stream()
                    .anyMatch(d -> d.node() == 0 && "last-path".equals(d.guard())), Duration.ofSeconds(5)),
                    "node 0's move of V2 to its replica over the dead link 0-3 refused by the last-path guard");
            assertTrue(await(() -> decisions(rig, "node:2", Decision.Kind.APPLY).stream().anyMatch(d -> d.node() == 1),
                    Duration.ofSeconds(5)), "node 1, whose link to the replica is healthy, did move V2");
            assertFalse(decisions(rig, "node:2", Decision.Kind.APPLY).stream().anyMatch(d -> d.node() == 0),
                    "node 0 applied nothing for node 2");
            assertEquals(before, mesh.routes(0).get(mesh.vipPrefix(2)), "node 0's route to V2 untouched");
            assertTrue(table0.routes().get(mesh.vipPrefix(2)).isEmpty(), "no heal route to V2 at node 0");
        }
    }
}
