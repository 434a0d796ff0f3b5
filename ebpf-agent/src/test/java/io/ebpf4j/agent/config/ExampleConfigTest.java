package io.ebpf4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/agent/agent.example.yaml is valid and says what its comments say. */
class ExampleConfigTest {

    @Test
    void theExampleLoadsWithEveryValueInTheLibrarysTypes() {
        AgentConfig c = AgentConfig.load(Configs.EXAMPLE);
        SpiffeId a = SpiffeId.parse("spiffe://mesh.example/node/a");
        SpiffeId b = SpiffeId.parse("spiffe://mesh.example/node/b");
        SpiffeId cNode = SpiffeId.parse("spiffe://mesh.example/node/c");

        assertEquals(a, c.node().spiffeId());
        assertEquals("a", c.node().effectiveName());
        assertEquals(List.of("veth-ab", "veth-ac"), c.node().interfaces());
        assertEquals(XdpMode.DEFAULT, c.node().effectiveXdpMode());
        assertEquals(Action.ALLOW, c.effectiveDefaultAction());

        assertEquals(3, c.peers().size());
        PeerConfig peerB = c.peers().getFirst();
        assertEquals(b, peerB.spiffeId());
        assertEquals(List.of(Cidr.parse("10.0.1.0/24"), Cidr.parse("fd00:1::/64")), peerB.cidrs());
        assertEquals(InetAddress.ofLiteral("10.0.1.2"), peerB.probeAddress());
        assertEquals(List.of(new PortRuleConfig(IpProtocol.TCP, 22, Action.DENY)), peerB.ports());
        assertEquals(null, c.peers().get(1).action()); // the default action applies
        assertEquals(Action.DENY, c.peers().get(2).action());

        assertEquals(7946, c.probes().effectivePort());
        assertEquals(Duration.ofMillis(10), c.probes().effectiveInterval());
        assertEquals(64, c.probes().effectiveBurst());

        assertTrue(c.hooks().syscalls().on());
        assertEquals(EnumSet.of(Syscall.CONNECT, Syscall.SENDMSG, Syscall.RECVMSG), c.hooks().syscalls().effectiveSyscalls());
        assertEquals(Duration.ofMillis(50), c.hooks().syscalls().slowThreshold());
        assertTrue(c.hooks().netEvents().on());
        assertEquals(Set.of(NetEventKind.RETRANSMIT), c.hooks().netEvents().effectiveEvents());

        assertEquals(List.of("peer-loss", "slow-link", "slow-connect", "resets", "no-socket", "very-slow-recv"),
                c.alerts().stream().map(AlertRuleConfig::id).toList());
        AlertRule.ProbeLoss loss = assertInstanceOf(AlertRule.ProbeLoss.class, c.alerts().getFirst().toRule());
        assertEquals(new AlertRule.ProbeLoss("peer-loss", Severity.CRITICAL, 0.2, Duration.ofMillis(500), 20), loss);
        assertEquals(new AlertRule.EventCount("resets", Severity.WARNING,
                Set.of(NetEventKind.RESET_SENT, NetEventKind.RESET_RECEIVED), null, 10, Duration.ofSeconds(1)),
                c.alerts().get(3).toRule());
        assertEquals(new AlertRule.EachSlowCall("very-slow-recv", Severity.WARNING, Syscall.RECVMSG, Duration.ofMillis(200)),
                c.alerts().get(5).toRule());

        ServiceConfig orders = c.services().getFirst();
        assertEquals(new ServiceConfig("orders", List.of(Cidr.parse("198.19.0.2/32")), 7002, b, List.of(cNode)), orders);
        assertEquals(List.of(a), c.services().get(1).replicas()); // this node may be a replica

        assertTrue(c.healing().on());
        assertEquals(EnumSet.of(HealingAction.REROUTE_AROUND_LINK, HealingAction.REROUTE_TO_REPLICA),
                c.healing().effectiveActions());
        assertEquals(GuardSettings.DEFAULTS, c.healing().guards().toSettings(), "the example spells out the defaults");

        assertEquals(new HostPort("127.0.0.1", 9464), c.metrics().effectiveListen());
        assertEquals(Path.of("/var/lib/ebpf4j/a/journal.jsonl"), c.effectiveJournal());
        assertEquals(Path.of("/sys/fs/bpf/ebpf4j/a"), c.effectivePinDir());
        assertEquals(new HostPort("10.0.0.1", 7950), c.gossip().bind());
        assertEquals(List.of(new HostPort("10.0.0.2", 7950), new HostPort("node-c.mesh.example", 7950)), c.gossip().seeds());
    }

    @Test
    void theSmallConfigOfTheTestsIsValidToo() {
        AgentConfig c = AgentConfig.parse(Configs.VALID, "agent.yaml");
        assertEquals(2, c.peers().size());
        assertEquals(1, c.services().size());
    }
}
