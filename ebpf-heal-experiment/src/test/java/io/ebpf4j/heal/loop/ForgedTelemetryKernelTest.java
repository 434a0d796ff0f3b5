package io.ebpf4j.heal.loop;

import static io.ebpf4j.heal.loop.RigTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.OutcomeRecord;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The healing actions as an attack surface: whoever can make links look sick steers traffic. Here
 * the attacker writes straight into the loop's shared view (what a compromised peer's gossip could
 * carry: the view is not authenticated), flipping every link of a four-node mesh between sick and
 * healthy every 100 to 300 ms, while the real links stay healthy. The guards bound what follows:
 * each node makes at most {@code rateMax} actions in any window of {@code rateWindow}, and at most
 * {@code 1 + flapToggles} on one link in any {@code flapWindow}; the rest is refused and journalled.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY, MapType.RINGBUF})
class ForgedTelemetryKernelTest {
    static final GuardSettings GUARDS = new GuardSettings(Duration.ofMillis(200), Duration.ofMillis(200), 4,
            Duration.ofSeconds(5), 3, Duration.ofSeconds(30));

    /** The loop's in-process view with an attacker's records laid over the real ones. */
    static final class ForgingView implements SharedView {
        final MeshView real = new MeshView();
        final Map<Long, EdgeFeatures> forged = new ConcurrentHashMap<>();
        final AtomicLong flips = new AtomicLong();

        @Override
        public void publishEdges(List<EdgeFeatures> analysed) {
            real.publishEdges(analysed);
        }

        @Override
        public void publishNode(NodeFeatures n) {
            real.publishNode(n);
        }

        @Override
        public TelemetryGraph snapshot(long monoNanos) {
            TelemetryGraph g = real.snapshot(monoNanos);
            List<EdgeFeatures> edges = new ArrayList<>();
            for (EdgeFeatures e : g.edges()) {
                edges.add(forged.getOrDefault(key(e.from(), e.to()), e));
            }
            return new TelemetryGraph(g.monoNanos(), g.nodes(), edges);
        }

        /** Makes link a-b look sick (both directions: 40 % loss, anomalous) or leaves it to the real records. */
        void forge(int a, int b, boolean sick) {
            flips.incrementAndGet();
            for (int[] d : new int[][] {{a, b}, {b, a}}) {
                if (sick) {
                    forged.put(key(d[0], d[1]), new EdgeFeatures(d[0], d[1], 0.4, 2_000, 0, 0, 0, 25.0, true));
                } else {
                    forged.remove(key(d[0], d[1]));
                }
            }
        }

        static long key(int from, int to) {
            return ((long) from << 32) | (to & 0xffffffffL);
        }
    }

    @Test
    void forgedSickLinksAtAHighRateMakeNoMoreActionsThanTheGuardsAllow() {
        ForgingView view = new ForgingView();
        try (HealRig rig = HealRig.start(HealRig.Settings.defaults().withNodes(4).withGuards(GUARDS).withView(view))) {
            sleep(Duration.ofSeconds(4)); // baselines learnt on healthy links
            int n = rig.mesh().size();
            List<int[]> links = new ArrayList<>();
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    links.add(new int[] {a, b});
                }
            }
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                int[] l = links.get(rnd.nextInt(links.size()));
                view.forge(l[0], l[1], rnd.nextBoolean());
                sleep(Duration.ofMillis((100 + rnd.nextInt(200)) / links.size())); // each link flips every 100-300 ms
            }
            links.forEach(l -> view.forge(l[0], l[1], false));

            List<OutcomeRecord> outcomes = rig.loop().knowledge().recentOutcomes(10_000);
            List<Decision> made = outcomes.stream().filter(o -> o.outcome().ok()).map(OutcomeRecord::decision)
                    .filter(Decision::toggles).collect(Collectors.toCollection(ArrayList::new));
            List<Decision> blocked = rig.loop().knowledge().recentDecisions(10_000).stream()
                    .filter(d -> d.kind() == Decision.Kind.BLOCKED).toList();
            assertTrue(!made.isEmpty(), "the forged links did move traffic (the attack is real)");
            long window = GUARDS.rateWindow().toNanos();
            long flapWindow = GUARDS.flapWindow().toNanos();
            int worst = 0;
            for (int node = 0; node < n; node++) {
                int me = node;
                List<Long> times = made.stream().filter(d -> d.node() == me).map(Decision::monoNanos).sorted().toList();
                for (long t : times) {
                    long inWindow = times.stream().filter(x -> x > t - window && x <= t).count();
                    worst = Math.max(worst, (int) inWindow);
                    assertTrue(inWindow <= GUARDS.rateMax(), "node " + me + ": " + inWindow + " actions within "
                            + GUARDS.rateWindow() + " (limit " + GUARDS.rateMax() + ")");
                }
                Map<String, List<Long>> bySubject = made.stream().filter(d -> d.node() == me).collect(Collectors.groupingBy(
                        Decision::subject, Collectors.mapping(Decision::monoNanos, Collectors.toList())));
                bySubject.forEach((subject, ts) -> {
                    Collections.sort(ts);
                    for (long t : ts) {
                        long k = ts.stream().filter(x -> x > t - flapWindow && x <= t).count();
                        assertTrue(k <= 1 + GUARDS.flapToggles(), "node " + me + ", " + subject + ": " + k + " toggles");
                    }
                });
            }
            assertTrue(blocked.stream().anyMatch(d -> "rate-limit".equals(d.guard()) || "flap-damping".equals(d.guard())),
                    "the guards refused the excess: " + blocked.stream().map(Decision::guard).distinct().toList());
            System.out.printf("forged telemetry: %d flips of %d links in 15 s; %d actions made (at most %d per node in any "
                    + "%d s, limit %d), %d refusals journalled (once per guard in a row) %s%n", view.flips.get(), links.size(), made.size(), worst,
                    GUARDS.rateWindow().toSeconds(), GUARDS.rateMax(), blocked.size(),
                    blocked.stream().collect(Collectors.groupingBy(Decision::guard, Collectors.counting())));
        }
    }
}
