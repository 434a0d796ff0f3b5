package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.metrics.TelemetryState;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent runtime on a real kernel: the filter on a veth pair's host end, traffic from the
 * namespace end (peer b), {@code /metrics} scraped, reloads good and bad, nothing left after close.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN}, programTypes = ProgramType.XDP)
class AgentRuntimeTest {
    private static final String B = AgentConfigs.PEER;

    @Test
    void servesPerPeerCountersAndAReloadToDenyDropsThePeerWithCountersContinuing(@TempDir Path dir) throws Exception {
        int probePort = AgentConfigs.probePort();
        try (VethPair veth = VethPair.create()) {
            String hooks = "  syscalls: {enabled: true, tgid: " + ProcessHandle.current().pid() + "}\n"
                    + "  netEvents: {enabled: true}";
            Path file = Files.writeString(dir.resolve("agent.yaml"), AgentConfigs.node(veth, dir, "allow", probePort, hooks));
            URI metrics;
            AgentRuntime rt = AgentRuntime.start(file);
            try {
                metrics = rt.metricsUri();
                assertEquals(List.of(veth.hostIf()), rt.filter().interfaces());
                assertEquals(TelemetryState.Mode.EBPF, rt.state().mode(), rt.state().toString());
                assertEquals(List.of("mesh_filter", "syscall_latency", "net_events"),
                        rt.state().hooks().stream().map(h -> h.hook()).toList());
                veth.pingHostFromPeer(20); // fails unless every echo is answered
                Exposition before = Exposition.scrape(metrics);
                double passed = before.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass");
                assertTrue(passed >= 20, "b's echo requests passed: " + passed);
                assertEquals(0, before.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "drop"));
                assertEquals(1, before.value("ebpf4j_hook_info", "hook", "syscall_latency", "degraded", "false"),
                        before.text());

                Files.writeString(file, AgentConfigs.node(veth, dir, "deny", probePort, hooks));
                ReloadResult r = rt.reload();
                assertTrue(r.applied(), r.toString());
                assertEquals(List.of("peer " + B + " changed: action allow -> deny"), r.changes());
                assertEquals(List.of(), r.needsRestart());
                assertEquals(List.of(veth.hostIf()), rt.filter().interfaces(), "the filter stays attached");

                Commands.quiet("ip", "netns", "exec", veth.netns(), "ping", "-q", "-c", "10", "-i", "0.01", "-W", "1",
                        veth.hostIp());
                Exposition after = Exposition.scrape(metrics);
                assertTrue(after.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "drop") >= 10, after.text());
                assertTrue(after.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass") >= passed,
                        "counters continue across the reload");
                assertThrows(IllegalStateException.class, () -> veth.pingHostFromPeer(3), "a denied peer gets no answer");

                Path journal = rt.journal();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.getParent())));
            } finally {
                rt.close();
            }
            rt.close(); // idempotent
            assertFalse(veth.hostLinkDetails().contains("xdp"), "XDP detached: " + veth.hostLinkDetails());
            assertRefused(metrics);
            assertFalse(Files.exists(dir.resolve("pins")), "nothing pinned");
            assertTrue(Files.exists(dir.resolve("state").resolve("journal.jsonl")), "the journal is the user's: kept");
        }
    }

    @Test
    void anInvalidFileKeepsTheRunningConfigurationAndOtherKeysNeedARestart(@TempDir Path dir) throws Exception {
        int probePort = AgentConfigs.probePort();
        try (VethPair veth = VethPair.create()) {
            String good = AgentConfigs.node(veth, dir, "allow", probePort);
            Path file = Files.writeString(dir.resolve("agent.yaml"), good);
            try (AgentRuntime rt = AgentRuntime.start(file)) {
                var plan = rt.plan();
                Files.writeString(file, good.replace("action: allow", "action: maybe").replace("interval: 50ms", "interval: soon"));
                ReloadResult bad = rt.reload();
                assertFalse(bad.applied());
                assertEquals(List.of("peers[0].action", "probes.interval"), bad.problems().stream().map(p -> p.path()).toList(),
                        bad.toString());
                assertTrue(bad.problems().stream().allMatch(p -> p.line() > 0), bad.toString());
                assertEquals(plan, rt.plan(), "the running configuration is kept");
                veth.pingHostFromPeer(5); // still allowed

                Files.writeString(file, good.replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:1")
                        .replace("interval: 50ms", "interval: 100ms"));
                ReloadResult restart = rt.reload();
                assertTrue(restart.applied(), restart.toString());
                assertEquals(List.of("probe interval 50ms -> 100ms"), restart.changes());
                assertEquals(1, restart.needsRestart().size(), restart.toString());
                assertTrue(restart.needsRestart().getFirst().startsWith("metrics.listen "), restart.toString());
                assertEquals(plan.metrics(), rt.plan().metrics(), "not applied");
                veth.pingHostFromPeer(5);
            }
        }
    }

    @Test
    void aHookThatCannotStartIsSkippedWithItsReasonAndTheFilterRuns(@TempDir Path dir) throws Exception {
        try (VethPair veth = VethPair.create()) {
            Path file = Files.writeString(dir.resolve("agent.yaml"), AgentConfigs.node(veth, dir, "allow",
                    AgentConfigs.probePort(), "  syscalls: {enabled: true, cgroup: /sys/fs/cgroup/e4j-no-such-cgroup}"));
            try (AgentRuntime rt = AgentRuntime.start(file)) {
                TelemetryState s = rt.state();
                assertEquals(TelemetryState.Mode.PARTIAL, s.mode(), s.toString());
                var hook = s.hooks().stream().filter(h -> h.hook().equals("syscall_latency")).findFirst().orElseThrow();
                assertFalse(hook.running());
                assertTrue(hook.reason().contains("e4j-no-such-cgroup"), hook.toString());
                veth.pingHostFromPeer(5);
                Exposition e = Exposition.scrape(rt.metricsUri());
                assertEquals(1, e.value("ebpf4j_hook_info", "hook", "syscall_latency", "degraded", "true"), e.text());
                assertTrue(e.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass") >= 5, e.text());
            }
        }
    }

    private static void assertRefused(URI metrics) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(metrics.getHost(), metrics.getPort()), 1_000);
            } catch (IOException e) {
                throw e;
            }
        }, "nothing listens on " + metrics + " after close");
    }
}
