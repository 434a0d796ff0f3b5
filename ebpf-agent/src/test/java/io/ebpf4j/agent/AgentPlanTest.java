package io.ebpf4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.config.HealingAction;
import io.ebpf4j.heal.loop.HealNode;
import io.ebpf4j.heal.loop.MeshService;
import io.ebpf4j.heal.loop.Neighbour;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.RemedyKind;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan fills in every default and maps the file onto the library's types; its text says what it holds. */
class AgentPlanTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "agent", "agent.example.yaml");

    @Test
    void aMinimalFileGetsEveryDefault() {
        AgentPlan p = AgentPlan.of(AgentConfig.parse("""
                node:
                  spiffeId: spiffe://mesh.example/node/n1
                  interfaces: [eth0]
                """, "min.yaml"));
        assertEquals(SpiffeId.parse("spiffe://mesh.example/node/n1"), p.node());
        assertEquals("n1", p.nodeName());
        assertEquals(new MeshPlan(List.of("eth0"), XdpMode.DEFAULT, Action.ALLOW, List.of()), p.mesh());
        assertEquals(new ProbePlan(7946, Duration.ofMillis(10), 64, Map.of(), io.ebpf4j.agent.ProbeAuthPlan.NONE), p.probes());
        assertFalse(p.syscalls().enabled());
        assertEquals(EnumSet.allOf(Syscall.class), p.syscalls().syscalls());
        assertFalse(p.netEvents().enabled());
        assertEquals(EnumSet.allOf(NetTracepoint.class), p.netEvents().tracepoints());
        assertEquals(List.of(), p.alerts());
        assertEquals(new HealingPlan(true, Duration.ofMillis(50),
                EnumSet.of(HealingAction.REROUTE_AROUND_LINK, HealingAction.REROUTE_TO_REPLICA), GuardSettings.DEFAULTS),
                p.healing());
        assertFalse(p.healing().allows(HealingAction.DENY_PEER));
        assertEquals(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 9464), p.metrics());
        assertEquals(Path.of("/var/lib/ebpf4j/n1/journal.jsonl"), p.journal());
        assertEquals(Path.of("/sys/fs/bpf/ebpf4j/n1"), p.pinDir());
        assertEquals(new GossipPlan(Optional.empty(), List.of()), p.gossip());
    }

    @Test
    void theIdentityCapacityReachesTheMeshPlanAndItsText() {
        AgentPlan p = AgentPlan.of(AgentConfig.parse("""
                node:
                  spiffeId: spiffe://mesh.example/node/n1
                  interfaces: [eth0]
                  identityCapacity: 256
                """, "cap.yaml"));
        assertEquals(new MeshPlan(List.of("eth0"), XdpMode.DEFAULT, Action.ALLOW, List.of(), 256), p.mesh());
        assertTrue(p.render().contains("; identity capacity 256"), p.render());
        assertEquals(4096, new MeshPlan(List.of("eth0"), XdpMode.DEFAULT, Action.ALLOW, List.of()).identityCapacity());
    }

    @Test
    void theExampleMapsOntoTheLibrarysTypes() {
        AgentPlan p = AgentPlan.of(AgentConfig.load(EXAMPLE));
        SpiffeId b = SpiffeId.parse("spiffe://mesh.example/node/b");
        SpiffeId c = SpiffeId.parse("spiffe://mesh.example/node/c");
        PeerPlan peerB = p.mesh().peers().getFirst();
        assertEquals(new PeerPlan(b, List.of(Cidr.parse("10.0.1.0/24"), Cidr.parse("fd00:1::/64")), Optional.of(Action.ALLOW),
                Optional.of(InetAddress.ofLiteral("10.0.1.2")), List.of(new PortRule(IpProtocol.TCP, 22, Action.DENY))), peerB);
        assertEquals(Action.ALLOW, p.policyOf(p.mesh().peers().get(1)), "no action of its own: the default");
        assertEquals(4, p.mesh().cidrCount());
        assertEquals(2, p.mesh().peersWith(Action.ALLOW));
        assertEquals(1, p.mesh().peersWith(Action.DENY));
        assertEquals(List.of(b, c), List.copyOf(p.probes().targets().keySet()), "the peers with a probe address, in order");
        assertEquals(new AlertRule.Rtt("slow-link", Severity.WARNING, Duration.ofMillis(5)), p.alerts().get(1));
        assertEquals(new AlertRule.SyscallP99("slow-connect", Severity.WARNING, Syscall.CONNECT, Duration.ofMillis(100),
                Duration.ofSeconds(10), 100), p.alerts().get(2));
        assertEquals(new ServicePlan("orders", List.of(Cidr.parse("198.19.0.2/32")), 7002, b, List.of(c)),
                p.services().getFirst());
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.1"), 7950)), p.gossip().bind());
    }

    @Test
    void theHealNodeNumbersTheNodesBySpiffeIdAndTakesTheProbedPeersAsNeighbours() {
        AgentPlan p = AgentPlan.of(AgentConfig.load(EXAMPLE));
        SpiffeId a = SpiffeId.parse("spiffe://mesh.example/node/a");
        SpiffeId b = SpiffeId.parse("spiffe://mesh.example/node/b");
        SpiffeId c = SpiffeId.parse("spiffe://mesh.example/node/c");
        SpiffeId scanner = SpiffeId.parse("spiffe://mesh.example/scanner");
        assertEquals(new MeshNodes(List.of(a, b, c, scanner), 0), p.nodes());
        HealNode n = p.healNode();
        assertEquals(0, n.node());
        assertEquals(a, n.id());
        assertEquals(null, n.netns(), "the agent's own namespace");
        assertEquals(List.of(new Neighbour(1, b, InetAddress.ofLiteral("10.0.1.2")),
                new Neighbour(2, c, InetAddress.ofLiteral("10.0.2.2"))), n.neighbours(), "the probed peers");
        assertEquals(List.of(new MeshService("orders", List.of("198.19.0.2/32"), 7002, 1, List.of(2)),
                new MeshService("billing", List.of("198.19.0.3/32"), 7002, 2, List.of(0))), n.services());
        assertEquals(2, n.replica(1));
        assertEquals(java.util.Set.of(RemedyKind.REROUTE_AROUND_LINK, RemedyKind.REROUTE_TO_REPLICA), p.healing().remedies());

        // node b's agent numbers the same nodes the same way
        MeshNodes fromB = MeshNodes.of(b, List.of(c, scanner, a));
        assertEquals(p.nodes().ids(), fromB.ids());
        assertEquals(1, fromB.self());
        assertEquals("spiffe://mesh.example/node/c", fromB.names().get(2));
    }

    @Test
    void theTextHasALineForEachPartOfThePlan() {
        String text = AgentPlan.of(AgentConfig.load(EXAMPLE)).render();
        List<String> lines = text.lines().toList();
        assertEquals("ebpf4j agent plan for node a (spiffe://mesh.example/node/a)", lines.getFirst());
        assertLine(text, "mesh filter  XDP (default mode) on veth-ab, veth-ac; default action allow; identity capacity 4096");
        assertLine(text, "peers        3 peers, 4 CIDRs: 2 allowed, 1 denied");
        assertLine(text, "spiffe://mesh.example/node/b   allow; 10.0.1.0/24, fd00:1::/64; probed at 10.0.1.2; tcp/22 deny");
        assertLine(text, "spiffe://mesh.example/node/c   allow (default); 10.0.2.0/24; probed at 10.0.2.2");
        assertLine(text, "spiffe://mesh.example/scanner  deny; 192.0.2.0/24");
        assertLine(text, "probes       UDP port 7946, every 10ms to 2 peers; trains of 64 probes before a healed link is trusted again");
        assertLine(text, "syscalls     on: connect, sendmsg, recvmsg; any cgroup; any process; calls of at least 50ms become events");
        assertLine(text, "net events   on: all 5 tracepoints; events retransmit and those the alert rules read; "
                + "this network namespace only");
        assertLine(text, "alerts       6 rules");
        assertLine(text, "peer-loss       critical  probe loss above 20 % over 500ms (at least 20 probes)");
        assertLine(text, "resets          warning   more than 10 reset-sent, reset-received events within 1s per remote address");
        assertLine(text, "services     2 services");
        assertLine(text, "orders   198.19.0.2/32 port 7002, served by spiffe://mesh.example/node/b; replicas spiffe://mesh.example/node/c");
        assertLine(text, "healing      on, every 50ms; may reroute-around-link, reroute-to-replica; may not deny-peer, alert");
        assertLine(text, "guards       hold 1s, cooldown 1s, flap damping after 4 toggles in 1m, at most 30 actions per 1m");
        assertLine(text, "heal graph   node 0 of 4 (nodes numbered by SPIFFE ID: every agent of the mesh must list the same nodes)");
        assertLine(text, "0  spiffe://mesh.example/node/a (this node)");
        assertLine(text, "3  spiffe://mesh.example/scanner");
        assertLine(text, "heal routes  table 4600 (rule iif lo, priority 1000): this node's own traffic only; kept when the agent "
                + "stops, adopted when it starts");
        assertLine(text, "metrics      http://127.0.0.1:9464/metrics");
        assertLine(text, "journal      /var/lib/ebpf4j/a/journal.jsonl");
        assertLine(text, "pin dir      /sys/fs/bpf/ebpf4j/a");
        assertLine(text, "gossip       bind 10.0.0.1:7950; seeds 10.0.0.2:7950, node-c.mesh.example:7950; messages NOT "
                + "authenticated (no gossip.auth)");
        assertEquals(text, AgentPlan.of(AgentConfig.load(EXAMPLE)).toString());
    }

    @Test
    void whatIsOffSaysSo() {
        String text = AgentPlan.of(AgentConfig.parse("""
                node: {spiffeId: spiffe://mesh.example/node/n1, interfaces: [eth0]}
                defaultAction: deny
                probes: {port: 0}
                healing: {enabled: false}
                metrics: {listen: "[::1]:9100"}
                """, "off.yaml")).render();
        assertLine(text, "probes       off (probes.port 0)");
        assertLine(text, "syscalls     off");
        assertLine(text, "net events   off");
        assertLine(text, "healing      off (watch and alert only)");
        assertLine(text, "metrics      http://[::1]:9100/metrics");
        assertLine(text, "gossip       off (no gossip.bind: the agent runs alone)");
        assertTrue(text.contains("default action deny"), text);
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.strip().equals(expected)), "no line '" + expected + "' in:\n" + text);
    }
}
