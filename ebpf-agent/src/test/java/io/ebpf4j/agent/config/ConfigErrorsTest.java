package io.ebpf4j.agent.config;

import static io.ebpf4j.agent.config.Configs.VALID;
import static io.ebpf4j.agent.config.Configs.assertProblem;
import static io.ebpf4j.agent.config.Configs.only;
import static io.ebpf4j.agent.config.Configs.problems;
import static io.ebpf4j.agent.config.Configs.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of mistake in a configuration file is reported with its key path, its line (and column)
 * and what was expected. The base text is {@link Configs#VALID}; its line numbers are used below.
 */
class ConfigErrorsTest {

    @Test
    void yamlSyntaxError() {
        String yaml = replace(VALID, "  interfaces: [eth0, eth1]\n", "  interfaces: [eth0, eth1]\n bad: indentation\n");
        ConfigProblem p = only(yaml);
        assertEquals(4, p.line(), p.toString());
        assertEquals(2, p.column(), p.toString());
        assertTrue(p.message().startsWith("expected valid YAML: "), p.message());
        assertTrue(p.message().contains("block mapping that starts on line 1"), p.message());
    }

    @Test
    void anUnclosedListIsASyntaxErrorWhereTheParserStopped() {
        ConfigProblem p = only(replace(VALID, "interfaces: [eth0, eth1]", "interfaces: [eth0, eth1"));
        assertTrue(p.message().startsWith("expected valid YAML: "), p.message());
        assertTrue(p.line() >= 3, p.toString());
    }

    @Test
    void anIdentityCapacityOutOfRangeIsNamedWithTheRange() {
        ConfigProblem p = only(replace(VALID, "  interfaces: [eth0, eth1]\n", "  interfaces: [eth0, eth1]\n  identityCapacity: 1\n"));
        assertProblem(p, "node.identityCapacity", 4, "expected the number of identities the mesh filter can number, 2..65536"
                + " (default 4096), got 1");
    }

    @Test
    void aKeyWrittenTwiceInOneMapping() {
        ConfigProblem p = only(replace(VALID, "  interval: 10ms\n", "  interval: 10ms\n  interval: 20ms\n"));
        assertProblem(p, "probes.interval", 13, "duplicate key 'interval' (first at line 12)");
    }

    @Test
    void unknownKeyNamesTheKeysThatAreAllowedAndTheNearestOne() {
        ConfigProblem p = only(replace(VALID, "  interval: 10ms", "  intervall: 10ms"));
        assertProblem(p, "probes.intervall", 12, "unknown key 'intervall'", "did you mean 'interval'?",
                "expected one of auth, burst, interval, port");
        assertEquals(3, p.column());
    }

    @Test
    void unknownKeysInsideListItemsAndAlertRules() {
        String yaml = replace(VALID, "    probeAddress: 10.0.1.2\n", "    probeAddress: 10.0.1.2\n    colour: blue\n")
                + "alerts:\n  - {kind: rtt, id: slow, max: 5ms, maxx: 6ms}\n";
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "peers[0].colour", 8, "unknown key 'colour'", "expected one of action, binding, cidrs, ports, probeAddress, spiffeId");
        assertProblem(ps.get(1), "alerts[0].maxx", 23, "unknown key 'maxx'", "did you mean 'max'?", "expected one of id, max, severity");
    }

    @Test
    void missingRequiredKey() {
        ConfigProblem p = only(replace(VALID, "    cidrs: [10.0.1.0/24]\n", ""));
        assertProblem(p, "peers[0].cidrs", 5, "missing key 'cidrs'", "expected a list of the prefixes the peer's traffic comes from");
        assertEquals(5, p.column(), "points at the item that lacks it");
    }

    @Test
    void aMissingSectionIsNamedWithItsKey() {
        List<ConfigProblem> ps = problems("metrics:\n  listen: 127.0.0.1:9464\n");
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "node.spiffeId", 1, "missing key 'node.spiffeId'", "expected this node's SPIFFE ID");
        assertProblem(ps.get(1), "node.interfaces", 1, "missing key 'node.interfaces'");
    }

    @Test
    void wrongType() {
        String yaml = replace(replace(VALID, "interfaces: [eth0, eth1]", "interfaces: eth0"), "  interval: 10ms",
                "  interval: 10ms\n  burst: many");
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "node.interfaces", 3, "expected a list, got 'eth0'");
        assertProblem(ps.get(1), "probes.burst", 13, "expected a whole number, got 'many'");
    }

    @Test
    void aListWhereAMappingBelongs() {
        ConfigProblem p = only(replace(VALID, "probes:\n  interval: 10ms\n", "probes: [10ms]\n"));
        assertProblem(p, "probes", 11, "expected a mapping (key: value lines), got a list");
    }

    @Test
    void badSpiffeIdSaysWhichRuleItBreaks() {
        ConfigProblem p = only(replace(VALID, "spiffe://mesh.example/node/a", "spiffe://Mesh.example/node/a"));
        assertProblem(p, "node.spiffeId", 2, "expected a SPIFFE ID like spiffe://example.org/node/a, got "
                + "'spiffe://Mesh.example/node/a'", "the trust domain may contain only lowercase letters");
        ConfigProblem scheme = only(withPeer("https://mesh.example/node/d", "[10.0.9.0/24]"));
        assertProblem(scheme, "peers[2].spiffeId", 11, "got 'https://mesh.example/node/d'", "the scheme must be 'spiffe'");
    }

    @Test
    void badCidrAtItsPlaceInTheList() {
        String yaml = withPeer("spiffe://mesh.example/node/d", "[10.0.0.300/24, 10.0.3.0/33]");
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "peers[2].cidrs[0]", 12, "expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24'",
                "not an IP address literal");
        assertEquals(13, ps.get(0).column());
        assertProblem(ps.get(1), "peers[2].cidrs[1]", 12, "got '10.0.3.0/33'", "prefix length 33 out of 0..32");
        assertEquals("agent.yaml:12:13: peers[2].cidrs[0]: expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24' "
                + "(not an IP address literal)", ps.get(0).describe("agent.yaml"));
    }

    @Test
    void badDuration() {
        assertProblem(only(replace(VALID, "interval: 10ms", "interval: 10")), "probes.interval", 12,
                "expected a duration like 10ms or 2s, got '10'", "a duration needs a unit: 10ms, 10s");
        assertProblem(only(replace(VALID, "interval: 10ms", "interval: 10sec")), "probes.interval", 12,
                "got '10sec'", "units are ns, us, ms, s, m, h, d");
        assertProblem(only(replace(VALID, "interval: 10ms", "interval: -5ms")), "probes.interval", 12,
                "a duration cannot be negative");
        assertProblem(only(replace(VALID, "interval: 10ms", "interval: 0s")), "probes.interval", 12,
                "expected a positive duration like 10ms, got 0s");
    }

    @Test
    void badPort() {
        assertProblem(only(replace(VALID, "  interval: 10ms", "  port: 70000")), "probes.port", 12,
                "expected a UDP port 1..65535 (0: no probes), got 70000");
        assertProblem(only(replace(VALID, "    port: 7002", "    port: 0")), "services[0].port", 16,
                "expected a TCP port 1..65535, got 0");
        String rules = replace(VALID, "    probeAddress: 10.0.1.2\n", "    probeAddress: 10.0.1.2\n    ports:\n"
                + "      - {protocol: tcp, port: -1, action: deny}\n      - {protocol: icmp, port: 8, action: deny}\n");
        List<ConfigProblem> ps = problems(rules);
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "peers[0].ports[0].port", 9, "expected a port 1..65535, or 0 for any port, got -1");
        assertProblem(ps.get(1), "peers[0].ports[1].port", 10, "expected 0 (any) or no port: icmp has no ports, got 8");
    }

    /** {@code VALID} with a third peer (lines 11 and 12). */
    private static String withPeer(String spiffeId, String cidrs) {
        return replace(VALID, "    action: deny\n", "    action: deny\n  - spiffeId: " + spiffeId + "\n    cidrs: " + cidrs + "\n");
    }

    @Test
    void duplicatePeer() {
        ConfigProblem p = only(withPeer("spiffe://mesh.example/node/b", "[10.0.9.0/24]"));
        assertProblem(p, "peers[2].spiffeId", 11, "duplicate peer spiffe://mesh.example/node/b: first declared at peers[0] (line 5)");
        assertEquals(5, p.column());
    }

    @Test
    void aPeerWithTheNodesOwnId() {
        ConfigProblem p = only(withPeer("spiffe://mesh.example/node/a", "[10.0.9.0/24]"));
        assertProblem(p, "peers[2].spiffeId", 11, "expected another node's SPIFFE ID, got this node's own (node.spiffeId)");
    }

    @Test
    void aPrefixOfTwoPeers() {
        ConfigProblem p = only(replace(VALID, "cidrs: [10.0.2.0/24, fd00:2::/64]", "cidrs: [10.0.1.0/24, fd00:2::/64]"));
        assertProblem(p, "peers[1].cidrs[0]", 9, "10.0.1.0/24 is listed twice (first at peers[0].cidrs[0] (line 6))");
    }

    @Test
    void replicaOfAnUnknownNode() {
        ConfigProblem p = only(replace(VALID, "replicas: [spiffe://mesh.example/node/c]", "replicas: [spiffe://mesh.example/node/x]"));
        assertProblem(p, "services[0].replicas[0]", 18, "unknown replica spiffe://mesh.example/node/x of service 'orders'",
                "expected the SPIFFE ID of a peer (under peers) or of this node");
        ConfigProblem served = only(replace(VALID, "servedBy: spiffe://mesh.example/node/b", "servedBy: spiffe://mesh.example/node/x"));
        assertProblem(served, "services[0].servedBy", 17, "unknown node spiffe://mesh.example/node/x");
        ConfigProblem self = only(replace(VALID, "replicas: [spiffe://mesh.example/node/c]", "replicas: [spiffe://mesh.example/node/b]"));
        assertProblem(self, "services[0].replicas[0]", 18, "a service is not its own replica");
    }

    @Test
    void badListenAddress() {
        assertProblem(only(replace(VALID, "listen: 127.0.0.1:9464", "listen: localhost:9464")), "metrics.listen", 20,
                "expected an IP address and port like 127.0.0.1:9464, got 'localhost:9464'", "nothing is looked up in DNS");
        assertProblem(only(replace(VALID, "listen: 127.0.0.1:9464", "listen: 127.0.0.1")), "metrics.listen", 20,
                "got '127.0.0.1' (no port)");
        assertProblem(only(replace(VALID, "listen: 127.0.0.1:9464", "listen: 127.0.0.1:99999")), "metrics.listen", 20,
                "port 99999 is out of 0..65535");
        assertProblem(only(replace(VALID, "listen: 127.0.0.1:9464", "listen: \"::1:9464\"")), "metrics.listen", 20,
                "an IPv6 address is written in brackets: [address]:port");
        assertProblem(only(VALID + "gossip:\n  bind: node-a.mesh.example:7950\n"), "gossip.bind", 22,
                "a bind address is an IP literal");
    }

    @Test
    void anAlertRuleOfAnUnknownKindOrWithoutItsHook() {
        String yaml = VALID + """
                alerts:
                  - {kind: rtt-spike, id: a}
                  - {kind: syscall-p99, id: b, syscall: connect, max: 50ms, window: 10s}
                  - {kind: probe-loss, id: c, maxLossRatio: 1.5, window: 1s}
                """;
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(3, ps.size(), ps.toString());
        assertProblem(ps.get(0), "alerts[0].kind", 22, "expected one of probe-loss, rtt, syscall-p99, event-count, "
                + "each-drop, each-slow-call, got 'rtt-spike'");
        assertProblem(ps.get(1), "alerts[1]", 23, "hooks.syscalls.enabled is not true");
        assertProblem(ps.get(2), "alerts[2].maxLossRatio", 24, "expected a loss ratio in [0, 1) like 0.2, got 1.5");
    }

    @Test
    void everySemanticProblemIsCollected() {
        String yaml = VALID.replace("interfaces: [eth0, eth1]", "interfaces: [eth0, eth0]")
                .replace("probeAddress: 10.0.1.2", "probeAddress: 10.9.9.9")
                .replace("action: deny", "action: drop")
                .replace("port: 7002", "port: 0")
                .replace("listen: 127.0.0.1:9464", "listen: localhost:9464");
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(List.of("node.interfaces[1]", "peers[0].probeAddress", "peers[1].action", "services[0].port",
                "metrics.listen"), ps.stream().map(ConfigProblem::path).toList(), ps.toString());
        assertEquals(List.of(3, 7, 10, 16, 20), ps.stream().map(ConfigProblem::line).toList());
        assertTrue(ps.get(2).message().contains("expected one of allow, deny, got 'drop'"), ps.get(2).message());
    }

    @Test
    void theExceptionMessageListsEveryProblemWithTheFileName() {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.parse(
                VALID.replace("port: 7002", "port: 0").replace("interval: 10ms", "interval: 10"), "node-a.yaml"));
        assertEquals("""
                2 problems in node-a.yaml:
                  node-a.yaml:12:3: probes.interval: expected a duration like 10ms or 2s, got '10' (a duration needs a unit: 10ms, 10s)
                  node-a.yaml:16:5: services[0].port: expected a TCP port 1..65535, got 0""", e.getMessage());
    }

    @Test
    void anEmptyFile() {
        assertProblem(only("\n# nothing yet\n"), "", 1, "the file is empty");
    }

    @Test
    void aFileThatIsNotThere(@TempDir Path dir) {
        Path file = dir.resolve("agent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.load(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void aFileIsReadFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), replace(VALID, "interval: 10ms", "interval: soon"));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.load(file));
        assertEquals(file.toString(), e.source());
        assertEquals(file + ":12:3: probes.interval: expected a duration like 10ms or 2s, got 'soon' (units are ns, us, "
                + "ms, s, m, h, d)", e.getMessage());
    }
}
