package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
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
 * namespace end (peer b), {@code /metrics} scraped, reloads good and bad; the filter is pinned and
 * outlives the runtime (still attached and filtering after close, adopted by the next start with its
 * counters), and {@code AgentRuntime.uninstall} removes it. Each test pins under its own directory
 * of /sys/fs/bpf and uninstalls in {@code finally}.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN}, programTypes = ProgramType.XDP)
class AgentRuntimeTest {
    private static final String B = AgentConfigs.PEER;
    private static final String C = AgentConfigs.PEER_C;

    @Test
    void servesPerPeerCountersAndAReloadToDenyDropsThePeerWithCountersContinuing(@TempDir Path dir) throws Exception {
        int probePort = AgentConfigs.probePort();
        try (VethPair veth = VethPair.create()) {
            String hooks = "  syscalls: {enabled: true, tgid: " + ProcessHandle.current().pid() + "}\n"
                    + "  netEvents: {enabled: true}";
            Path file = Files.writeString(dir.resolve("agent.yaml"), AgentConfigs.node(veth, dir, "allow", probePort, hooks));
            AgentPlan plan = AgentPlan.of(AgentConfig.load(file));
            Path pins = AgentConfigs.pins(dir);
            URI metrics;
            try {
                AgentRuntime rt = AgentRuntime.start(file);
                try {
                    metrics = rt.metricsUri();
                    assertFalse(rt.adopted(), "a first start creates the datapath");
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
                assertRefused(metrics);
                assertTrue(veth.hostLinkDetails().contains("xdp"), "the datapath outlives the agent: " + veth.hostLinkDetails());
                assertTrue(Files.exists(pins.resolve("link_" + veth.hostIf())), "link pinned in " + pins);
                assertThrows(IllegalStateException.class, () -> veth.pingHostFromPeer(3),
                        "b stays denied with no agent running");

                UninstallResult u = AgentRuntime.uninstall(plan);
                assertTrue(u.complete(), u.toString());
                assertTrue(u.removed().contains("the pin directory " + pins), u.toString());
                assertTrue(u.removed().stream().anyMatch(l -> l.startsWith("the link pin " + pins.resolve("link_" + veth.hostIf()))),
                        u.toString());
                assertFalse(Files.exists(pins), "nothing pinned after the uninstall");
                assertFalse(veth.hostLinkDetails().contains("xdp"), "XDP detached: " + veth.hostLinkDetails());
                veth.pingHostFromPeer(3); // nothing filters any more
                assertTrue(Files.exists(dir.resolve("state").resolve("journal.jsonl")), "the journal is the user's: kept");
            } finally {
                AgentRuntime.uninstall(plan);
            }
        }
    }

    @Test
    void aRestartedAgentAdoptsTheDatapathCountersContinueAndADeniedPeerStaysDenied(@TempDir Path dir) throws Exception {
        try (VethPair b = VethPair.create(); VethPair c = VethPair.create()) {
            Path file = Files.writeString(dir.resolve("agent.yaml"), AgentConfigs.twoPeers(b, c, dir));
            AgentPlan plan = AgentPlan.of(AgentConfig.load(file));
            try {
                double passedAtClose;
                try (AgentRuntime first = AgentRuntime.start(file)) {
                    assertFalse(first.adopted());
                    b.pingHostFromPeer(20);
                    assertThrows(IllegalStateException.class, () -> c.pingHostFromPeer(3), "c is denied");
                    Exposition e = Exposition.scrape(first.metricsUri());
                    passedAtClose = e.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass");
                    assertTrue(passedAtClose >= 20, e.text());
                    assertTrue(e.value("ebpf4j_mesh_packets_total", "peer", C, "verdict", "drop") >= 3, e.text());
                }
                // no agent: the pinned datapath keeps filtering and counting
                assertTrue(b.hostLinkDetails().contains("xdp"), b.hostLinkDetails());
                assertTrue(c.hostLinkDetails().contains("xdp"), c.hostLinkDetails());
                b.pingHostFromPeer(10);
                assertThrows(IllegalStateException.class, () -> c.pingHostFromPeer(3), "c stays denied with no agent");

                try (AgentRuntime second = AgentRuntime.start(file)) {
                    assertTrue(second.adopted(), "the second start adopts the pinned datapath");
                    assertEquals(List.of(), List.copyOf(second.filter().identities().adopted()),
                            "every adopted peer is in the configuration again");
                    assertEquals(java.util.Set.of(b.hostIf(), c.hostIf()), java.util.Set.copyOf(second.filter().interfaces()));
                    Exposition e = Exposition.scrape(second.metricsUri());
                    double passed = e.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass");
                    assertTrue(passed >= passedAtClose + 10, "b's pass counter continues (at close " + passedAtClose
                            + ", 10 more while no agent ran), not reset: " + passed);
                    assertTrue(e.value("ebpf4j_mesh_packets_total", "peer", C, "verdict", "drop") >= 6, e.text());
                    assertThrows(IllegalStateException.class, () -> c.pingHostFromPeer(3), "c stays denied after the restart");
                    b.pingHostFromPeer(5);
                    double later = Exposition.scrape(second.metricsUri()).value("ebpf4j_mesh_packets_total", "peer", B,
                            "verdict", "pass");
                    assertTrue(later >= passed + 5, "the adopted datapath keeps counting: " + later);
                }
                assertTrue(b.hostLinkDetails().contains("xdp"), "still pinned after the second close");

                // a third start from a configuration without c and c's interface: both are let go
                Files.writeString(file, AgentConfigs.node(b, dir, "allow", AgentConfigs.probePort()));
                try (AgentRuntime third = AgentRuntime.start(file)) {
                    assertTrue(third.adopted());
                    assertEquals(List.of(b.hostIf()), third.filter().interfaces());
                    assertFalse(c.hostLinkDetails().contains("xdp"), "the interface no longer configured is detached: "
                            + c.hostLinkDetails());
                    assertTrue(third.filter().identities().identity(io.ebpf4j.hooks.identity.SpiffeId.parse(C)).isEmpty(),
                            "the peer no longer configured is removed");
                    assertEquals(List.of(), List.copyOf(third.filter().identities().adopted()));
                    c.pingHostFromPeer(3); // its interface is unfiltered now
                    b.pingHostFromPeer(3);
                    double passed = Exposition.scrape(third.metricsUri()).value("ebpf4j_mesh_packets_total", "peer", B,
                            "verdict", "pass");
                    assertTrue(passed >= passedAtClose + 18, "b's counter still continues: " + passed);
                }
                assertFalse(Files.exists(AgentConfigs.pins(dir).resolve("link_" + c.hostIf())), "c's link pin removed");
                UninstallResult u = AgentRuntime.uninstall(plan);
                assertTrue(u.complete(), u.toString());
                assertFalse(Files.exists(AgentConfigs.pins(dir)));
                assertFalse(b.hostLinkDetails().contains("xdp"), b.hostLinkDetails());
                assertFalse(c.hostLinkDetails().contains("xdp"), c.hostLinkDetails());
                c.pingHostFromPeer(3); // nothing filters any more
            } finally {
                AgentRuntime.uninstall(plan);
            }
        }
    }

    @Test
    void anInvalidFileKeepsTheRunningConfigurationAndOtherKeysNeedARestart(@TempDir Path dir) throws Exception {
        int probePort = AgentConfigs.probePort();
        try (VethPair veth = VethPair.create()) {
            String good = AgentConfigs.node(veth, dir, "allow", probePort);
            Path file = Files.writeString(dir.resolve("agent.yaml"), good);
            AgentPlan pinned = AgentPlan.of(AgentConfig.load(file));
            try {
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
            } finally {
                AgentRuntime.uninstall(pinned);
            }
        }
    }

    @Test
    void aHookThatCannotStartIsSkippedWithItsReasonAndTheFilterRuns(@TempDir Path dir) throws Exception {
        try (VethPair veth = VethPair.create()) {
            Path file = Files.writeString(dir.resolve("agent.yaml"), AgentConfigs.node(veth, dir, "allow",
                    AgentConfigs.probePort(), "  syscalls: {enabled: true, cgroup: /sys/fs/cgroup/e4j-no-such-cgroup}"));
            AgentPlan pinned = AgentPlan.of(AgentConfig.load(file));
            try {
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
            } finally {
                AgentRuntime.uninstall(pinned);
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
