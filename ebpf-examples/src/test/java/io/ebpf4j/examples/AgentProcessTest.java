package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.run.AgentRuntime;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebpf4j agent --config FILE} as a process: ready line, SIGHUP reloads (good: a peer turned
 * to deny is dropped; bad: the problems are logged and the running configuration kept), SIGTERM
 * stops it cleanly (exit 0, /metrics closed) and leaves the pinned filter attached and filtering;
 * {@code --uninstall} then removes it (no pin, no XDP program).
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN}, programTypes = ProgramType.XDP)
class AgentProcessTest {
    private static final String PEER = "spiffe://test.example/node/b";
    private static final int PROBE_PORT = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000);

    private static String config(VethPair veth, Path dir, String action) {
        return """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [%s]
                peers:
                  - spiffeId: %s
                    cidrs: [%s/32]
                    action: %s
                probes:
                  port: %d
                metrics:
                  listen: 127.0.0.1:0
                journal: %s
                pinDir: %s
                """.formatted(veth.hostIf(), PEER, veth.peerIp(), action, PROBE_PORT, dir.resolve("journal.jsonl"), pins(dir));
    }

    /** The test's own pin directory on bpffs (unique per {@code @TempDir}; bpffs refuses dots). */
    private static Path pins(Path dir) {
        return Path.of("/sys/fs/bpf", "e4j-agentp-" + dir.getFileName().toString().replace('.', '-'));
    }

    @Test
    void sighupReloadsGoodAndBadFilesAndSigtermStopsCleanly(@TempDir Path dir) throws Exception {
        try (VethPair veth = VethPair.create()) {
            Path file = Files.writeString(dir.resolve("agent.yaml"), config(veth, dir, "allow"));
            try {
                runAndStop(veth, file, dir);
            } finally {
                Files.writeString(file, config(veth, dir, "deny"));
                Cli.run("agent", "--uninstall", "--config", file.toString()); // nothing left in the kernel
            }
            assertFalse(Files.exists(pins(dir)));
        }
    }

    /**
     * Started under nohup, the process ignores SIGHUP and the JVM keeps it ignored: the agent says that a
     * SIGHUP will not reload it, instead of ignoring reloads silently.
     */
    @Test
    void anAgentStartedUnderNohupSaysSighupWillNotReloadIt(@TempDir Path dir) throws Exception {
        try (VethPair veth = VethPair.create()) {
            Path file = Files.writeString(dir.resolve("agent.yaml"), config(veth, dir, "allow"));
            RunningCli agent = RunningCli.start(List.of("nohup"), ChildJvm.classPath(), "agent", "--config", file.toString());
            try {
                agent.await(Pattern.compile("ebpf4j agent ready: node a "));
                assertTrue(agent.output().contains("SIGHUP is ignored in this process (inherited from its parent, e.g. "
                        + "nohup): a SIGHUP will not reload " + file), agent.output());
                signal(agent, "TERM");
                assertTrue(agent.process().waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM:\n" + agent.output());
            } finally {
                agent.stop();
                Cli.run("agent", "--uninstall", "--config", file.toString());
            }
            assertEquals(0, agent.process().exitValue(), agent.output());
            assertFalse(Files.exists(pins(dir)));
        }
    }

    private static void runAndStop(VethPair veth, Path file, Path dir) throws Exception {
        RunningCli agent = RunningCli.start(List.of(), ChildJvm.classPath(), "agent", "--config", file.toString());
        URI metrics;
        try {
            Matcher ready = agent.await(Pattern.compile("ebpf4j agent ready: node a \\(spiffe://test.example/node/a\\), "
                    + "interfaces " + veth.hostIf() + ", metrics (http://\\S+/metrics)"));
            metrics = URI.create(ready.group(1));
            assertTrue(agent.output().contains("healing not running: no peer has a probeAddress"), agent.output());
            veth.pingHostFromPeer(5);
            assertTrue(Exposition.scrape(metrics).value("ebpf4j_mesh_packets_total", "peer", PEER, "verdict", "pass") >= 5);

            Files.writeString(file, config(veth, dir, "deny"));
            signal(agent, "HUP");
            agent.await(Pattern.compile("reload: peer " + Pattern.quote(PEER) + " changed: action allow -> deny"));
            assertThrows(IllegalStateException.class, () -> veth.pingHostFromPeer(3), "denied after the reload");

            Files.writeString(file, config(veth, dir, "deny").replace("action: deny", "action: perhaps"));
            signal(agent, "HUP");
            agent.await(Pattern.compile("reload rejected: 1 problem in " + Pattern.quote(file.toString())
                    + "; the running configuration is kept"));
            assertTrue(agent.output().contains("reload: " + file + ":7:5: peers[0].action: expected one of allow, deny, "
                    + "got 'perhaps'"), agent.output());
            assertThrows(IllegalStateException.class, () -> veth.pingHostFromPeer(3), "still denied");
            assertTrue(agent.process().isAlive(), "still running before SIGTERM:\n" + agent.output());
            // kill(1), not Process.destroy(): destroy closes our end of the child's output pipe at once
            signal(agent, "TERM");
            assertTrue(agent.process().waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM:\n" + agent.output());
        } finally {
            agent.stop(); // waits for the rest of the output (and ends the child if an assertion failed first)
        }
        assertEquals(0, agent.process().exitValue(), agent.output());
        assertTrue(agent.output().contains("SIGTERM: stopping"), agent.output());
        assertTrue(agent.output().contains("agent stopped: node a"), agent.output());
        ChildJvm.assertNoCrash(new ChildJvm.Outcome(agent.process().exitValue(), agent.output()));
        assertTrue(agent.output().contains("the mesh filter keeps running on " + veth.hostIf() + " (pinned in "
                + pins(dir) + "): the next start adopts it; `ebpf4j agent --uninstall --config " + file + "` removes it"),
                agent.output());
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(metrics.getHost(), metrics.getPort()), 1_000);
            }
        });
        // the datapath outlives the agent: still attached, b still denied
        assertTrue(veth.hostLinkDetails().contains("xdp"), veth.hostLinkDetails());
        assertThrows(IllegalStateException.class, () -> veth.pingHostFromPeer(3), "still denied with no agent");

        Files.writeString(file, config(veth, dir, "deny")); // --uninstall reads the file: a valid one again
        Cli.Result u = Cli.run("agent", "--uninstall", "--config", file.toString());
        assertEquals(AgentCommand.EXIT_OK, u.exit(), u.out());
        assertTrue(u.out().lines().anyMatch(l -> l.equals("removed: the pin directory " + pins(dir))), u.out());
        assertFalse(Files.exists(pins(dir)), "no pins left");
        assertFalse(veth.hostLinkDetails().contains("xdp"), veth.hostLinkDetails());
        veth.pingHostFromPeer(3); // nothing filters any more
    }

    private static void signal(RunningCli agent, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(agent.process().pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    }
}
