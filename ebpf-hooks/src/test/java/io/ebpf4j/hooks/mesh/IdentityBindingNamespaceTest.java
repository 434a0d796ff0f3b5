package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity bindings on a veth pair: B binds A's identity to the interface it reaches B on and to A's
 * MAC address. A sends from its address as before, but with another MAC (what a host spoofing A's
 * address on the link would show), and the binding catches it: counted, and dropped or only counted
 * as the binding says; bound to another interface, every frame breaks it.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN,
        KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class IdentityBindingNamespaceTest {
    static final SpiffeId NODE_A = MeshNamespaceTest.NODE_A;
    static final SpiffeId OTHER = MeshNamespaceTest.INTRUDER;
    static final int PORT = 9000;

    TwoNodes nodes;

    @BeforeEach
    void create() {
        nodes = TwoNodes.create();
    }

    @AfterEach
    void remove() {
        nodes.close();
    }

    @Test
    void framesBreakingTheBindingAreCountedAndByPolicyDropped() throws Exception {
        try (MeshFilter b = MeshFilter.builder().build();
                DatagramSocket receiver = NetNs.run(nodes.nsB(), () -> bound(TwoNodes.B, PORT));
                DatagramSocket fromA = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A, 0));
                DatagramSocket fromOther = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A_SECOND, 0))) {
            b.identities().register(NODE_A, TwoNodes.A + "/32");
            b.identities().register(OTHER, TwoNodes.A_SECOND + "/32");
            NetNs.exec(nodes.nsB(), () -> b.attach(nodes.ifB()));
            byte[] macA = NetNs.run(nodes.nsA(), () -> NetworkInterface.getByName(nodes.ifA()).getHardwareAddress());
            IdentityBinding onLink = NetNs.run(nodes.nsB(), () -> IdentityBinding.onLink(nodes.ifB(),
                    HexFormat.ofDelimiter(":").formatHex(macA), true));
            b.guards().bind(NODE_A, onLink);

            send(fromA, 20);
            assertEquals(20, Datagrams.receive(receiver, 20), "A, on its link, from its MAC: delivered");
            assertEquals(GuardCounters.ZERO, b.guards().counters(NODE_A));

            // A's address from another MAC on the same link: what a host spoofing A's address would show
            nodes.exec(0, "ip", "link", "set", "dev", nodes.ifA(), "address", "02:00:00:be:ef:01");
            send(fromA, 20);
            send(fromOther, 5); // an identity without a binding is not affected
            assertEquals(5, Datagrams.receive(receiver, 25), "only the unbound identity's datagrams arrive");
            assertEquals(new GuardCounters(0, 0, 0, 0, 0, 20), b.guards().counters(NODE_A));
            assertEquals(20, b.stats().peer(NODE_A).orElseThrow().traffic().droppedGuard());

            b.guards().bind(NODE_A, new IdentityBinding(onLink.ifindex(), onLink.mac(), false)); // count only
            send(fromA, 10);
            assertEquals(10, Datagrams.receive(receiver, 10));
            assertEquals(30, b.guards().counters(NODE_A).wrongMac());

            int lo = NetNs.run(nodes.nsB(), () -> NetworkInterface.getByName("lo").getIndex());
            b.guards().bind(NODE_A, new IdentityBinding(lo, Optional.empty(), true)); // frames must come in on lo
            send(fromA, 10);
            assertEquals(0, Datagrams.receive(receiver, 1));
            assertEquals(10, b.guards().counters(NODE_A).wrongInterface());

            b.guards().bind(NODE_A, null);
            send(fromA, 10);
            assertEquals(10, Datagrams.receive(receiver, 10), "unbound: the source prefix alone decides again");
            Counters c = b.stats().peer(NODE_A).orElseThrow().traffic();
            assertEquals(20 + 10 + 10, c.passed());
            assertEquals(20 + 10, c.droppedGuard());
            assertEquals(0, b.guards().counters(OTHER).wrongMac());
        }
    }

    private static DatagramSocket bound(String address, int port) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        s.setSoTimeout(500);
        return s;
    }

    private static void send(DatagramSocket from, int count) {
        byte[] payload = new byte[16];
        for (int i = 0; i < count; i++) {
            try {
                from.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.B),
                        PORT)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
