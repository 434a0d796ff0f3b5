package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.mesh.AgentConfigYaml;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.loop.NodeHooks;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-healing by agents, one process per namespace ({@code nsenter --net=... ebpf4j agent}), on a
 * 3-node mesh: nodes 0 and 1 run agents that gossip over their direct link; node 2 runs only a
 * datapath (its filter and prober, from this process), so nothing about node 2's side of its links
 * reaches the agents but through their own probes and each other's gossip. Node 2's service V2 lives
 * on node 2 and on its replica, node 0.
 * <ol>
 *   <li>Link 1-2 down: agent 1 sees its own link die and sends V2 around it through node 0; it can
 *       tell node 0's link to node 2 healthy only from agent 0's gossiped edge. V2 stays reachable
 *       from node 1. The route goes once the link is back.</li>
 *   <li>Node 2 blackholed: each agent sees one sick link of its own; with the other's edge it
 *       localises a node fault (not two link faults) and agent 1 sends V2 to the replica.</li>
 *   <li>A reload of agent 1 that changes its probes restarts its loop (SIGHUP).</li>
 *   <li>Agent 0 killed (SIGKILL) while its datapath keeps answering probes: agent 1 reports the
 *       suspect member and does nothing (no diagnosis, no route); restarted, agent 0 adopts its
 *       pinned datapath.</li>
 * </ol>
 * Everything is removed afterwards ({@code --uninstall} in each namespace, the mesh deleted).
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class AgentHealingProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void agentsShareTheirEdgesByGossipHealTheirOwnNodeAndAKilledAgentIsNoFault(@TempDir Path dir) throws Exception {
        List<RunningCli> agents = new ArrayList<>(List.of());
        HealMesh mesh = HealMesh.create(3);
        NodeHooks two = null;
        FaultInjector injector = null;
        AgentConfigYaml yaml = new AgentConfigYaml(HealRig.PROBE_PORT, Duration.ofMillis(10), Duration.ofMillis(50),
                GuardSettings.DEFAULTS, 7950, dir, "e4j-ah-" + mesh.mesh().suffix(), false);
        List<Path> files = new ArrayList<>();
        try {
            two = HealRig.nodeHooks(mesh, 2, Duration.ofMillis(10));
            injector = new FaultInjector(mesh, null);
            for (int i = 0; i < 2; i++) {
                int self = i;
                files.add(Files.writeString(dir.resolve("agent-" + i + ".yaml"),
                        yaml.render(mesh, i, List.of(0, 1), n -> mesh.linkAddress(n, 1 - n))));
                agents.add(start(mesh, self, files.get(i)));
            }
            for (int i = 0; i < 2; i++) {
                agents.get(i).await(Pattern.compile("ebpf4j agent ready: node n" + i));
                agents.get(i).await(Pattern.compile("healing running: node " + i + " of 3"));
                agents.get(i).await(Pattern.compile("node " + (1 - i) + " \\(\\S+\\) joined at"));
            }
            Thread.sleep(3000); // the detectors learn the clean baseline
            String v2 = mesh.vipPrefix(2);
            HealTable table1 = new HealTable(mesh.netns(1));
            Route viaZero = Route.via(v2, mesh.linkAddress(0, 1));

            // 1. a link fault at node 1: a detour through node 0, vouched for by agent 0's gossip
            injector.inject(new Fault.LinkDown(1, 2));
            assertTrue(await(() -> table1.routes().get(v2).filter(viaZero::matches).isPresent(), Duration.ofSeconds(10)),
                    "agent 1 sent V2 through node 0:\n" + agents.get(1).output());
            assertTrue(applied(yaml.journal(1), "link:1-2", "reroute-around-link"), "journal of agent 1");
            Commands.inNetns(mesh.netns(1), "ping", "-c", "3", "-i", "0.1", "-W", "1", "-q", mesh.vipAddress(2));
            injector.clear(new Fault.LinkDown(1, 2));
            assertTrue(await(() -> table1.list().isEmpty(), Duration.ofSeconds(15)), "the detour removed once the link is back");

            // 2. a node fault: one sick link at each agent, the node fault only from both together
            injector.inject(new Fault.Blackhole(2));
            assertTrue(await(() -> applied(yaml.journal(1), "node:2", "node-to-replica"), Duration.ofSeconds(10)),
                    "agent 1 localised node 2 (not link 1-2) and moved V2 to its replica:\n" + agents.get(1).output());
            assertTrue(table1.routes().get(v2).filter(viaZero::matches).isPresent(), "V2 to the replica, node 0");
            assertFalse(new HealTable(mesh.netns(0)).routes().get(v2).isPresent(), "node 0 serves V2 itself");
            injector.clear(new Fault.Blackhole(2));
            assertTrue(await(() -> table1.list().isEmpty(), Duration.ofSeconds(15)), "V2 back once node 2 is");

            // a reload that changes what the loop reads (the probe interval) restarts the loop, not the agent
            int reloaded = agents.get(1).mark();
            Files.writeString(files.get(1), new AgentConfigYaml(HealRig.PROBE_PORT, Duration.ofMillis(20), Duration.ofMillis(50),
                    GuardSettings.DEFAULTS, 7950, dir, yaml.pinPrefix(), false)
                    .render(mesh, 1, List.of(0, 1), n -> mesh.linkAddress(n, 1 - n)));
            Commands.run("kill", "-HUP", Long.toString(agents.get(1).process().pid()));
            agents.get(1).await(Pattern.compile("reload: healing loop restarted"), reloaded);
            agents.get(1).await(Pattern.compile("healing running: node 1 of 3"), reloaded);

            // 3. agent 0 killed, its datapath running: suspect, reported, no fault, no action
            int before = journal(yaml.journal(1)).size();
            int mark = agents.get(1).mark();
            agents.get(0).process().destroyForcibly();
            assertTrue(agents.get(0).process().waitFor(10, TimeUnit.SECONDS));
            agents.get(1).await(Pattern.compile("node 0 \\(\\S+\\): its agent is (suspect|dead) but its links are healthy"), mark);
            Thread.sleep(2000);
            assertEquals(before, journal(yaml.journal(1)).size(), "no decision about node 0:\n" + agents.get(1).output());
            assertTrue(table1.list().isEmpty(), "no route moved");
            RunningCli again = start(mesh, 0, files.get(0));
            agents.set(0, again);
            again.await(Pattern.compile("mesh filter: adopted the datapath pinned in"));
            again.await(Pattern.compile("healing running: node 0 of 3"));
            agents.get(1).await(Pattern.compile("node 0: no longer an absent agent with healthy links"), mark);
        } finally {
            for (RunningCli a : agents) {
                a.stop();
            }
            if (!files.isEmpty()) { // node 0 by the command (in its namespace), node 1 directly (the same steps)
                ChildJvm.Outcome u = ChildJvm.run(wrapper(mesh, 0), ChildJvm.classPath(), List.of(), "agent", "--uninstall",
                        "--config", files.get(0).toString());
                assertEquals(AgentCommand.EXIT_OK, u.exitCode(), u.output());
                assertTrue(u.output().contains("removed: the IPv4 rule iif lo lookup 4600"), u.output());
            }
            new HealTable(mesh.netns(1)).uninstall();
            MeshFilter.uninstall(yaml.pinDir(1));
            for (int i = 0; i < 2; i++) {
                assertFalse(Files.exists(yaml.pinDir(i)), "nothing pinned");
                assertTrue(new HealTable(mesh.netns(i)).list().isEmpty() && !new HealTable(mesh.netns(i)).installed(),
                        "no heal route nor rule left");
            }
            if (injector != null) {
                injector.close();
            }
            if (two != null) {
                two.close();
            }
            mesh.close();
        }
    }

    private static List<String> wrapper(HealMesh mesh, int node) {
        return List.of("nsenter", "--net=/run/netns/" + mesh.netns(node));
    }

    /** An agent in node {@code node}'s namespace; C1 only: it starts sooner on a busy test machine. */
    private static RunningCli start(HealMesh mesh, int node, Path config) throws IOException {
        return new RunningCli(ChildJvm.start(wrapper(mesh, node), ChildJvm.classPath(),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), "agent", "--config", config.toString()));
    }

    private static boolean applied(Path journal, String subject, String rule) {
        return journal(journal).stream().anyMatch(e -> subject.equals(e.path("subject").asText())
                && "APPLY".equals(e.path("decision").asText()) && rule.equals(e.path("rule").asText()));
    }

    private static List<JsonNode> journal(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
