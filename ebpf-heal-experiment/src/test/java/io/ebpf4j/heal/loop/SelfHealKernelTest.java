package io.ebpf4j.heal.loop;

import static io.ebpf4j.heal.loop.RigTesting.await;
import static io.ebpf4j.heal.loop.RigTesting.decisions;
import static io.ebpf4j.heal.loop.RigTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.AffectedFlows;
import io.ebpf4j.heal.experiment.fault.ClearRecord;
import io.ebpf4j.heal.experiment.fault.InjectionRecord;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.experiment.score.Recovery;
import io.ebpf4j.heal.experiment.score.RecoveryJudge;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Commands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on the real kernel: a 5-node namespace mesh with traffic, each fault kind injected
 * in turn; each must be detected (right subject), healed (an applied action) and restored (judged
 * from the traffic alone, before the fault is cleared), and after clearing every route must be back
 * to the mesh default (the heal tables empty). Everything is removed afterwards.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY, MapType.RINGBUF})
class SelfHealKernelTest {
    private final Map<String, Long> detected = new ConcurrentHashMap<>();

    @Test
    void eachFaultKindIsDetectedHealedAndRestored() {
        List<Fault> faults = List.of(new Fault.LinkLoss(0, 1, 0.5), new Fault.LinkDown(1, 2), new Fault.Blackhole(3),
                new Fault.BandwidthCollapse(2, 4, 32_000), new Fault.ServiceKill(4));
        String suffix;
        List<long[]> windows = new ArrayList<>();
        try (HealRig rig = HealRig.start(HealRig.Settings.defaults()
                .withDetections((subject, at, cause) -> detected.putIfAbsent(subject + "@" + (at / 1_000_000_000L), at)))) {
            suffix = rig.mesh().mesh().suffix();
            sleep(Duration.ofSeconds(6)); // warm-up: the detectors learn the clean baseline
            assertTrue(detected.isEmpty(), "no detection on the clean mesh: " + detected.keySet());
            for (Fault f : faults) {
                InjectionRecord inj = rig.injector().inject(f);
                assertTrue(await(() -> detectedSince(f.subject(), inj.injectedMonoNanos()), Duration.ofSeconds(5)),
                        f + " detected as " + f.subject() + "; detections: " + detected.keySet());
                assertTrue(await(() -> applied(rig, f.subject(), inj.injectedMonoNanos()), Duration.ofSeconds(3)),
                        "an action applied for " + f);
                sleep(Duration.ofSeconds(3));
                ClearRecord clr = rig.injector().clear(f);
                windows.add(new long[] {inj.injectedMonoNanos(), clr.clearedMonoNanos()});
                assertTrue(await(() -> defaultRoutes(rig), Duration.ofSeconds(10)),
                        "every route back to the mesh default after clearing " + f);
            }
            var log = rig.traffic().log();
            RecoveryJudge judge = new RecoveryJudge();
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                List<String> flows = AffectedFlows.affectedFlows(f, rig.mesh()).stream().map(Object::toString).toList();
                Recovery r = judge.judge(log, windows.get(i)[0], windows.get(i)[1], flows);
                assertTrue(r.impaired(), f + " hurt the traffic (else the test proves nothing)");
                assertTrue(r.restored(), f + ": traffic restored before the fault was cleared");
            }
        }
        assertFalse(Commands.run("ip", "netns", "list").contains(suffix), "the mesh's namespaces are gone");
    }

    private boolean detectedSince(String subject, long since) {
        return detected.entrySet().stream().anyMatch(e -> e.getKey().startsWith(subject + "@") && e.getValue() >= since);
    }

    private static boolean applied(HealRig rig, String subject, long since) {
        return decisions(rig, subject, Decision.Kind.APPLY).stream().anyMatch(d -> d.monoNanos() >= since);
    }

    /** Whether every node's service routes are the mesh's defaults again, and no heal route is left. */
    static boolean defaultRoutes(HealRig rig) {
        var mesh = rig.mesh();
        for (int i = 0; i < mesh.size(); i++) {
            if (!new HealTable(mesh.netns(i)).list().isEmpty()) {
                return false;
            }
            for (int j = 0; j < mesh.size(); j++) {
                Optional<Route> want = mesh.defaultRoute(i, j);
                if (want.isEmpty()) {
                    continue;
                }
                Optional<Route> have = mesh.routes(i).get(want.get().prefix());
                if (have.isEmpty() || !want.get().matches(have.get())) {
                    return false;
                }
            }
        }
        return true;
    }

}
