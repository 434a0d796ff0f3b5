package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebpf4j agent}: --check prints the plan (exit 0) or every problem (exit 2); running on a node without
 * the interfaces names them (exit 3); --uninstall says what it removed (exit 0) or left (exit 4).
 */
class AgentCommandTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "agent", "agent.example.yaml");

    @Test
    void checkPrintsThePlanOfTheExampleAndExitsZero() {
        Cli.Result r = Cli.run("agent", "--check", "--config", EXAMPLE.toString());
        assertEquals(AgentCommand.EXIT_OK, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("ebpf4j agent plan for node a (spiffe://mesh.example/node/a)", lines.getFirst());
        assertEquals(EXAMPLE + ": OK", lines.getLast());
        assertTrue(Cli.row(r.out(), "mesh").contains("XDP (default mode) on veth-ab, veth-ac; default action allow"), r.out());
        assertTrue(Cli.row(r.out(), "peers").contains("3 peers, 4 CIDRs"), r.out());
        assertTrue(Cli.row(r.out(), "alerts").contains("6 rules"), r.out());
        assertTrue(Cli.row(r.out(), "healing").contains("may reroute-around-link, reroute-to-replica"), r.out());
        assertTrue(Cli.row(r.out(), "metrics").endsWith("http://127.0.0.1:9464/metrics"), r.out());
        assertTrue(Cli.row(r.out(), "gossip").contains("bind 10.0.0.1:7950"), r.out());
    }

    @Test
    void checkPrintsEachProblemWithItsPlaceAndExitsTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                node:
                  spiffeId: spiffe://mesh.example/node/a
                  interfaces: [eth0]
                peers:
                  - spiffeId: spiffe://mesh.example/node/b
                    cidrs: [10.0.0.300/24]
                probes:
                  intervall: 10ms
                metrics:
                  listen: localhost:9464
                """);
        Cli.Result r = Cli.run("agent", "--check", "--config", file.toString());
        assertEquals(AgentCommand.EXIT_CONFIG_INVALID, r.exit(), r.out());
        assertEquals(List.of(
                file + ": 3 problems, the agent would not start:",
                "  " + file + ":6:13: peers[0].cidrs[0]: expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24' "
                        + "(not an IP address literal)",
                "  " + file + ":8:3: probes.intervall: unknown key 'intervall' (did you mean 'interval'?): expected one "
                        + "of auth, burst, interval, port",
                "  " + file + ":10:3: metrics.listen: expected an IP address and port like 127.0.0.1:9464, got "
                        + "'localhost:9464' (a listen address is an IP literal: nothing is looked up in DNS)"),
                r.out().lines().toList());
    }

    @Test
    void aMissingFileIsAProblemToo(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");
        Cli.Result r = Cli.run("agent", "--check", "--config", file.toString());
        assertEquals(AgentCommand.EXIT_CONFIG_INVALID, r.exit(), r.out());
        assertEquals(List.of(file + ": 1 problem, the agent would not start:", "  " + file + ": no such file"),
                r.out().lines().toList());
    }

    @Test
    void runningOnANodeWithoutTheInterfacesNamesTheMissingOneAndExitsThree() {
        Captured c = withStderr(() -> Cli.run("agent", "--config", EXAMPLE.toString()));
        assertEquals(AgentCommand.EXIT_START_FAILED, c.result().exit(), c.err());
        assertEquals("", c.result().out(), "nothing pretends to run");
        List<String> lines = c.err().lines().filter(l -> l.startsWith("ebpf4j agent") || l.startsWith("  ")).toList();
        assertEquals("ebpf4j agent: cannot start on this node:", lines.getFirst(), c.err());
        assertEquals("  interface 'veth-ab' (node.interfaces[0]) does not exist in this network namespace; remedy: "
                + "create it or fix node.interfaces (`ip link` lists the interfaces)", lines.get(1), c.err());
        assertEquals("  interface 'veth-ac' (node.interfaces[1]) does not exist in this network namespace; remedy: "
                + "create it or fix node.interfaces (`ip link` lists the interfaces)", lines.get(2), c.err());
    }

    @Test
    void anInvalidFileStopsTheRunWithExitTwoAndEveryProblemOnStderr(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "node:\n  spiffeId: spiffe://mesh.example/node/a\n");
        Captured c = withStderr(() -> Cli.run("agent", "--config", file.toString()));
        assertEquals(AgentCommand.EXIT_CONFIG_INVALID, c.result().exit(), c.err());
        assertEquals("", c.result().out());
        assertTrue(c.err().contains(file + ": 1 problem, the agent would not start:"), c.err());
        assertTrue(c.err().contains("node.interfaces"), c.err());
    }

    @Test
    void uninstallSaysWhatItRemovedAndKeepsTheJournal(@TempDir Path dir) throws Exception {
        Path pins = Path.of("/sys/fs/bpf", "e4j-agentc-" + dir.getFileName().toString().replace('.', '-'));
        Files.createDirectories(pins);
        try {
            Path file = Files.writeString(dir.resolve("agent.yaml"), """
                    node:
                      spiffeId: spiffe://mesh.example/node/a
                      interfaces: [eth0]
                    journal: %s
                    pinDir: %s
                    """.formatted(dir.resolve("journal.jsonl"), pins));
            Cli.Result r = Cli.run("agent", "--uninstall", "--config", file.toString());
            assertEquals(AgentCommand.EXIT_OK, r.exit(), r.out());
            assertEquals(List.of("removed: the pin directory " + pins,
                    "kept: the journal " + dir.resolve("journal.jsonl").toAbsolutePath()
                            + " (the user's data; remove it by hand if unwanted)",
                    "ebpf4j agent --uninstall: done"), r.out().lines().toList());
            assertFalse(Files.exists(pins));

            Files.createDirectories(pins.resolve("left"));
            Cli.Result left = Cli.run("agent", "--uninstall", "--config", file.toString());
            assertEquals(AgentCommand.EXIT_UNINSTALL_INCOMPLETE, left.exit(), left.out());
            assertTrue(left.out().lines().anyMatch(l -> l.startsWith("kept: " + pins + " holds 1 entry")), left.out());
            assertTrue(Files.exists(pins.resolve("left")));
        } finally {
            Files.deleteIfExists(pins.resolve("left"));
            Files.deleteIfExists(pins);
        }
    }

    @Test
    void checkAndUninstallExcludeEachOther() {
        Captured c = withStderr(() -> Cli.run("agent", "--check", "--uninstall", "--config", EXAMPLE.toString()));
        assertEquals(AgentCommand.EXIT_CONFIG_INVALID, c.result().exit());
        assertEquals(List.of("ebpf4j agent: --check and --uninstall exclude each other"), c.err().lines().toList());
    }

    private record Captured(Cli.Result result, String err) {}

    private static Captured withStderr(java.util.function.Supplier<Cli.Result> run) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Cli.Result r = run.get();
            return new Captured(r, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }
}
