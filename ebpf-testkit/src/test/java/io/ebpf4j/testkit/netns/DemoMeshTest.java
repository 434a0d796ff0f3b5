package io.ebpf4j.testkit.netns;

import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.Commands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real namespaces and veth pairs: addressing, reachability over IPv4 and IPv6, and full removal. */
@RequiresKernel({KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN})
class DemoMeshTest {
    @Test
    void aTriangleCarriesUdpOverEveryLinkInBothFamiliesAndCloseRemovesEverything() throws Exception {
        DemoMesh mesh = DemoMesh.fullMesh(3);
        List<String> namespaces;
        try (mesh) {
            namespaces = mesh.namespaces();
            assertEquals(3, mesh.size());
            assertEquals(3, mesh.links().size(), "a triangle");
            Set<String> pairs = new HashSet<>();
            for (DemoMesh.Link l : mesh.links()) {
                assertTrue(pairs.add(Math.min(l.a().node(), l.b().node()) + "-" + Math.max(l.a().node(), l.b().node())));
                assertTrue(l.a().ifname().length() <= 15 && l.b().ifname().length() <= 15);
                for (int node = 0; node < 3; node++) {
                    String addrs = mesh.exec(node, "ip", "-6", "addr", "show", "tentative");
                    assertTrue(addrs.isBlank(), "no tentative address in node " + node + ":\n" + addrs);
                }
                for (String[] pair : new String[][] {{l.a().ipv4(), l.b().ipv4()}, {l.a().ipv6(), l.b().ipv6()}}) {
                    assertEquals("hello " + pair[1], udpRoundTrip(mesh, l, pair[0], pair[1]));
                }
            }
            for (int node = 0; node < 3; node++) {
                assertEquals(2, mesh.endpoints(node).size(), "node " + node + " has two links");
            }
            mesh.close();
            mesh.close();
        }
        String list = Commands.run("ip", "netns", "list");
        for (String ns : namespaces) {
            assertFalse(list.contains(ns), ns + " removed:\n" + list);
        }
        assertFalse(Commands.run("ip", "-o", "link", "show").contains("e4j" + mesh.suffix()));
        assertThrows(io.ebpf4j.kernel.BpfException.class, () -> NetNs.run(namespaces.get(0), () -> null));
    }

    @Test
    void aLineLinksOnlyNeighbours() {
        try (DemoMesh mesh = DemoMesh.line(3)) {
            assertEquals(2, mesh.links().size());
            assertEquals(1, mesh.endpoints(0).size());
            assertEquals(2, mesh.endpoints(1).size());
            assertEquals(1, mesh.endpoints(2).size());
        }
    }

    @Test
    void aMeshNeedsTwoToEightNodes() {
        assertThrows(IllegalArgumentException.class, () -> DemoMesh.fullMesh(1));
        assertThrows(IllegalArgumentException.class, () -> DemoMesh.line(9));
    }

    /** A datagram from the a end to the b end of a link, received in b's namespace; returns its text. */
    private static String udpRoundTrip(DemoMesh mesh, DemoMesh.Link l, String from, String to) throws Exception {
        try (DatagramSocket receiver = NetNs.run(mesh.netns(l.b().node()),
                    () -> new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(to), 0)));
                DatagramSocket sender = NetNs.run(mesh.netns(l.a().node()),
                    () -> new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(from), 0)))) {
            receiver.setSoTimeout(5000);
            byte[] msg = ("hello " + to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sender.send(new DatagramPacket(msg, msg.length, receiver.getLocalSocketAddress()));
            DatagramPacket p = new DatagramPacket(new byte[256], 256);
            receiver.receive(p);
            return new String(p.getData(), 0, p.getLength(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
