package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.agent.PeerPlan;
import io.ebpf4j.agent.PortRule;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.map.Cidr;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Peers brought from one list to another in a loaded (unattached) mesh filter's registry. */
@RequiresKernel(programTypes = ProgramType.XDP)
class PeerSyncTest {
    private static final SpiffeId B = SpiffeId.parse("spiffe://test.example/node/b");
    private static final SpiffeId C = SpiffeId.parse("spiffe://test.example/node/c");
    private static final SpiffeId D = SpiffeId.parse("spiffe://test.example/node/d");

    private static PeerPlan peer(SpiffeId id, Optional<Action> action, List<PortRule> rules, String... cidrs) {
        return new PeerPlan(id, List.of(cidrs).stream().map(Cidr::parse).toList(), action, Optional.empty(), rules);
    }

    @Test
    void aPrefixMovesBetweenPeersARemovedPeerLeavesAndPoliciesFollowTheFile() throws Exception {
        try (MeshFilter f = MeshFilter.builder().build()) {
            List<PeerPlan> first = List.of(
                    peer(B, Optional.of(Action.ALLOW), List.of(new PortRule(IpProtocol.TCP, 22, Action.DENY)),
                            "10.0.1.0/24", "10.0.9.0/24"),
                    peer(C, Optional.empty(), List.of(), "10.0.2.0/24"),
                    peer(D, Optional.of(Action.DENY), List.of(), "10.0.4.0/24"));
            List<String> added = PeerSync.apply(f, List.of(), first);
            assertEquals(3, added.size(), added.toString());
            assertEquals(Optional.of(B), f.identities().resolve(InetAddress.ofLiteral("10.0.9.7")));
            int bNumber = f.identities().identity(B).orElseThrow();

            List<PeerPlan> second = List.of( // 10.0.9.0/24 moves from b to c; d goes; b is denied, its rule goes
                    peer(B, Optional.of(Action.DENY), List.of(), "10.0.1.0/24"),
                    peer(C, Optional.empty(), List.of(), "10.0.2.0/24", "10.0.9.0/24"));
            List<String> changes = PeerSync.apply(f, first, second);
            assertEquals(List.of(
                    "peer " + B + " changed: action allow -> deny; CIDRs [10.0.1.0/24, 10.0.9.0/24] -> [10.0.1.0/24]; "
                            + "port rules tcp/22 deny -> none",
                    "peer " + C + " changed: CIDRs [10.0.2.0/24] -> [10.0.2.0/24, 10.0.9.0/24]",
                    "peer " + D + " removed (its traffic is unknown-source traffic now)"), changes);
            assertEquals(Optional.of(C), f.identities().resolve(InetAddress.ofLiteral("10.0.9.7")));
            assertEquals(Set.of(Cidr.parse("10.0.1.0/24")), f.identities().cidrs(B));
            assertEquals(bNumber, f.identities().identity(B).orElseThrow(), "b keeps its identity (and counters)");
            assertEquals(Optional.of(Action.DENY), f.identities().policy(B));
            assertEquals(Optional.empty(), f.identities().policy(C));
            assertEquals(OptionalInt.empty(), f.identities().identity(D));
            assertEquals(Optional.empty(), f.identities().policy(D), "a removed peer's policy goes too");
            assertEquals(Optional.empty(), f.identities().resolve(InetAddress.ofLiteral("10.0.4.1")));

            assertEquals(List.of(), PeerSync.apply(f, second, second), "no change, nothing done");
        }
    }
}
