package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.report.ExperimentResult;
import io.ebpf4j.heal.experiment.report.ResultJson;
import io.ebpf4j.heal.experiment.report.ResultMarkdown;
import io.ebpf4j.heal.experiment.run.ExperimentConfig;
import io.ebpf4j.heal.experiment.run.ExperimentMode;
import io.ebpf4j.heal.learn.DetectorChoice;
import io.ebpf4j.heal.experiment.run.SelfHealExperiment;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-process experiment, briefly: a 3-node mesh, one {@code ebpf4j agent} process per node in
 * its namespace, and a seeded schedule of an agent killed (SIGKILL) and restarted, the gossip of a node
 * cut while data flows, and a link down. Judged from the traffic and the agents' own reports: the
 * killed agent's and the cut node's traffic never suffers and no agent detects or acts on anything
 * then; the link fault is detected and the traffic restored; every agent is sampled, the killed one
 * started twice; nothing pinned is left.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MultiProcessSelfHealTest {
    @Test
    void agentsHealALinkAndNeitherAKilledAgentNorACutGossipIsAFault(@TempDir Path out) throws IOException {
        Set<String> pinsBefore = pins();
        Duration[] len = {Duration.ofSeconds(4), Duration.ofSeconds(5)};
        ExperimentConfig cfg = new ExperimentConfig(3, 5, EnumSet.of(Fault.Kind.AGENT_KILL, Fault.Kind.GOSSIP_PARTITION,
                Fault.Kind.LINK_DOWN), Duration.ofSeconds(32), Duration.ofSeconds(5), Duration.ZERO, len, len,
                Duration.ofMillis(10), Duration.ofMillis(50), out, "MultiProcessSelfHealTest", -1, 10, DetectorChoice.rules(), null, ExperimentMode.AGENTS,
                SelfHealDemoCommand.launcher());
        ExperimentResult r = SelfHealExperiment.run(cfg, System.out);
        String report = ResultMarkdown.render(r);

        assertEquals("agents", r.run().mode());
        assertTrue(report.contains("mode: agents"), report);
        assertEquals(r.run().mode(), ResultJson.read(ResultJson.write(r)).run().mode());
        Set<String> kinds = r.faults().stream().map(ExperimentResult.FaultRow::kind).collect(Collectors.toSet());
        assertEquals(Set.of("agent-kill", "gossip-partition", "link-down"), kinds, report);
        for (ExperimentResult.FaultRow f : r.faults()) {
            if (f.shouldAct()) {
                assertNotNull(f.detectedMs(), "the link fault detected:\n" + report);
                assertTrue(!f.impaired() || f.mttrMs() != null, "the link fault's traffic restored:\n" + report);
            } else {
                assertFalse(f.impaired(), "the datapath kept carrying every flow under " + f.subject() + ":\n" + report);
                assertNull(f.detectedMs(), "no agent detected anything under " + f.subject() + ":\n" + report);
                assertNull(f.actionMs(), "no agent acted under " + f.subject() + ":\n" + report);
            }
        }
        assertEquals(2, r.summary().noActionFaults(), report);
        assertEquals(0, r.summary().noActionFaultsHit(), report);
        assertEquals(3, r.agents().size(), report);
        int killed = r.faults().stream().filter(f -> f.kind().equals("agent-kill"))
                .mapToInt(f -> Integer.parseInt(f.subject().substring("agent:".length()))).findFirst().orElseThrow();
        for (ExperimentResult.AgentUsage a : r.agents()) {
            assertTrue(a.samples() > 0 && a.rssMaxMb() > 0 && a.cpuPercent() > 0, a.toString());
            assertEquals(a.node() == killed ? 2 : 1, a.starts(), "restarted once after the kill: " + a);
        }
        assertTrue(Files.exists(out.resolve("results.json")) && Files.exists(out.resolve("agents/agent-n0.log")));
        assertEquals(pinsBefore, pins(), "every agent's pins removed");
    }

    private static Set<String> pins() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/bpf"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("e4j-hx-")).collect(Collectors.toSet());
        }
    }
}
