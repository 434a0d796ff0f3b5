package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.DemoMesh;
import io.ebpf4j.netns.NetNs;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The namespace of each event, and the namespace filter: the same reset (127.0.0.1 to a closed port,
 * the same port number) in a namespace this test creates and in the host's.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS,
        KernelFeature.BTF, KernelFeature.CAP_SYS_ADMIN, KernelFeature.CAP_NET_ADMIN})
class NetEventsNetnsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void eventsCarryTheirNamespaceAndAFilterKeepsOnlyTheChosenOnes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort(); // closed from here on, in the host and (never opened) in the mesh
        }
        List<NetEvent> inMesh = new CopyOnWriteArrayList<>();
        List<NetEvent> inHost = new CopyOnWriteArrayList<>();
        long host = NetNs.currentInode();
        Predicate<NetEvent> ours = e -> e instanceof NetEvent.Reset r && (r.local().port() == port
                || r.remote().port() == port) || e instanceof NetEvent.StateChange c && c.remote().port() == port;
        try (DemoMesh mesh = DemoMesh.line(2)) {
            long node = NetNs.inode(mesh.netns(0));
            assertNotEquals(host, node);
            assertEquals(node, NetNs.run(mesh.netns(0),
                    () -> NetNs.inodeOf(java.nio.file.Path.of("/proc/thread-self/ns/net"))));
            try (NetEvents meshOnly = NetEvents.builder().listener(inMesh::add).allStateChanges(true)
                         .netns(Set.of(node)).build();
                 NetEvents hostOnly = NetEvents.builder().listener(inHost::add).netns(Set.of(host)).build()) {
                // first in the mesh's node 0 ...
                NetNs.exec(mesh.netns(0), () -> {
                    try (Socket c = new Socket()) {
                        assertThrows(ConnectException.class, () -> c.connect(new InetSocketAddress(LOOPBACK, port)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Waits.until(() -> inMesh.stream().anyMatch(e -> e instanceof NetEvent.Reset r && !r.sent()
                        && r.remote().port() == port), "the mesh's reset received");
                Waits.until(() -> inMesh.stream().anyMatch(e -> e instanceof NetEvent.Reset r && r.sent()
                        && r.local().port() == port), "the mesh's reset sent (no socket: the packet's device)");
                // ... then the same in the host: once hostOnly delivers it, it has read past the mesh's
                // events (one ring buffer, in order), so those were filtered out, not late
                try (RawSockets tcp = RawSockets.tcp()) {
                    assertEquals(-111, tcp.connect(port)); // ECONNREFUSED
                }
                Waits.until(() -> inHost.stream().anyMatch(e -> e instanceof NetEvent.Reset r && !r.sent()
                        && r.remote().port() == port), "the host's reset received");
                Waits.until(() -> inMesh.stream().anyMatch(e -> e instanceof NetEvent.StateChange c
                        && c.remote().port() == port), "the mesh's SYN_SENT -> CLOSE");
            }
            System.out.println("OBSERVED mesh node netns " + node + ": " + inMesh.stream().filter(ours).toList());
            for (NetEvent e : inMesh) {
                assertEquals(node, e.netnsInode(), e.toString());
            }
            for (NetEvent e : inHost) {
                assertEquals(host, e.netnsInode(), e.toString());
            }
            assertEquals(1, inHost.stream().filter(e -> e instanceof NetEvent.Reset r && !r.sent()
                    && r.remote().port() == port).count(), "only the host's own reset: " + inHost);
            assertTrue(inMesh.stream().filter(ours).count() >= 3, inMesh.toString());
        }
    }
}
