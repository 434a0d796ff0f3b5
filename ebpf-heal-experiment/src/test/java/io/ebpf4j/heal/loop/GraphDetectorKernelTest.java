package io.ebpf4j.heal.loop;

import static io.ebpf4j.heal.loop.RigTesting.await;
import static io.ebpf4j.heal.loop.RigTesting.decisions;
import static io.ebpf4j.heal.loop.RigTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.InjectionRecord;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A graph detector that throws, or hangs, in the real loop: the loop keeps its period, the rules detect
 * and heal a fault on their own, and the journal says the rules decided because the detector failed.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY, MapType.RINGBUF})
class GraphDetectorKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GraphDetector detector(String name, Function<TelemetryGraph, GraphScores> f) {
        return new GraphDetector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GraphScores score(TelemetryGraph g) {
                return f.apply(g);
            }
        };
    }

    @Test
    void aThrowingDetectorLeavesTheRulesInCharge() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        check(detector("throwing", g -> {
            calls.incrementAndGet();
            throw new IllegalStateException("deliberately broken");
        }), "threw IllegalStateException: deliberately broken");
        assertTrue(calls.get() > 10, "the detector was asked every period: " + calls.get());
    }

    @Test
    void aHangingDetectorCannotStallTheLoop() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        check(detector("hanging", g -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(Duration.ofMinutes(10)); // until the loop closes and interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new GraphScores(List.of(), List.of());
        }), "timeout after");
        assertEquals(1, calls.get(), "a busy detector is not handed more snapshots");
    }

    private void check(GraphDetector d, String reason) throws Exception {
        StringWriter journal = new StringWriter();
        Fault f = new Fault.LinkDown(1, 2);
        String suffix;
        try (HealRig rig = HealRig.start(HealRig.Settings.defaults().withNodes(4).withJournal(journal)
                .withDetector(d, DetectorMode.LEARNED))) {
            suffix = rig.mesh().mesh().suffix();
            sleep(Duration.ofSeconds(4)); // the rules' detectors learn the clean baseline
            long t0 = rig.loop().ticks();
            sleep(Duration.ofSeconds(2));
            long perTwoSeconds = rig.loop().ticks() - t0;
            assertTrue(perTwoSeconds >= 10, "the loop kept its period (50 ms: ~40 in 2 s); it ran " + perTwoSeconds);
            InjectionRecord inj = rig.injector().inject(f);
            assertTrue(await(() -> !decisions(rig, f.subject(), Decision.Kind.APPLY).isEmpty(), Duration.ofSeconds(10)),
                    "the rules detected and healed " + f + " alone");
            assertTrue(decisions(rig, f.subject(), Decision.Kind.APPLY).getFirst().detectedNanos()
                    >= inj.injectedMonoNanos() - 1_000_000_000L);
            rig.injector().clear(f);
        }
        assertFalse(Commands.run("ip", "netns", "list").contains(suffix), "the mesh's namespaces are gone");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : journal.toString().split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        List<JsonNode> events = lines.stream().filter(l -> l.has("event")).toList();
        assertEquals(1, events.size(), "one fallback line for the whole streak: " + events);
        assertEquals("detector_fallback", events.getFirst().get("event").asText());
        assertTrue(events.getFirst().get("reason").asText().contains(reason), events.toString());
        JsonNode apply = lines.stream().filter(l -> "APPLY".equals(l.path("decision").asText())
                && f.subject().equals(l.path("subject").asText())).findFirst().orElseThrow();
        assertTrue(apply.get("decided_by").asText().startsWith("rules (fallback: "), apply.toString());
    }
}
