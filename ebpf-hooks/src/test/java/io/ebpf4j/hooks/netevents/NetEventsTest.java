package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.netns.VethPair;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * NetEvents against the running kernel, with traffic this test makes on loopback or in its own netns,
 * on the attach path chosen by default (raw tracepoints here); {@link NetEventsTracepointPathTest}
 * runs the same tests on the tracepoint path.
 */
@RequiresKernel({KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A builder on the path under test. */
    NetEvents.Builder builder() {
        return NetEvents.builder();
    }

    /** The path under test. */
    NetAttachPath path() {
        return NetAttachPath.RAW_TRACEPOINT;
    }

    private static int closedTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyTracepointOfThisKernelIsAttached() {
        try (NetEvents ne = builder().build()) {
            assertEquals(path(), ne.attachPath());
            assertEquals(EnumSet.allOf(NetTracepoint.class), ne.state().attached(), ne.state().toString());
            assertTrue(ne.state().skipped().isEmpty());
        }
    }

    @Test
    void aMissingTracepointIsSkippedNotFatal() {
        // a tracepoint set with one this kernel may lack: each is checked on its own
        try (NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.KFREE_SKB)).build()) {
            assertEquals(Set.of(NetTracepoint.KFREE_SKB), ne.state().attached());
            assertEquals(1, ne.state().tracepoints().size(), "only what was asked for");
        }
        assertThrows(IllegalArgumentException.class, () -> builder().tracepoints(Set.of()));
    }

    @Test
    void udpToAClosedPortIsADropWithTheKernelsReasonName() throws Exception {
        int port = closedTcpPort(); // any unused port number; nobody listens on UDP there either
        List<NetEvent.Drop> drops = new CopyOnWriteArrayList<>();
        try (NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.KFREE_SKB)).onDrop(drops::add).build();
             RawSockets udp = RawSockets.udpBound()) {
            int code = ne.dropReasonNames().entrySet().stream().filter(e -> e.getValue().equals("NO_SOCKET"))
                    .mapToInt(java.util.Map.Entry::getKey).findFirst().orElseThrow();
            long before = ne.drops("NO_SOCKET");
            for (int i = 0; i < 10; i++) {
                udp.sendTo(port, 16);
            }
            Waits.until(() -> ne.drops("NO_SOCKET") >= before + 10, "10 NO_SOCKET drops");
            Waits.until(() -> drops.stream().filter(d -> d.reason().name().equals("NO_SOCKET")).count() >= 10,
                    "10 drop events");
            NetEvent.Drop d = drops.stream().filter(x -> x.reason().name().equals("NO_SOCKET")).findFirst().orElseThrow();
            assertEquals(code, d.reason().code());
            assertEquals(0x0800, d.ethertype(), "IPv4");
            java.util.Map<DropReason, Long> all = ne.drops(); // batched read; drops(name) reads one entry
            assertTrue(all.get(new DropReason(code, "NO_SOCKET")) >= 10, all.toString());
            all.forEach((reason, n) -> assertTrue(n > 0 && ne.drops(reason.name()) >= n, reason + ": " + n));
        }
    }

    @Test
    void dropReasonNamesComeFromTheKernelsBtf() throws Exception {
        try (NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.KFREE_SKB)).build();
             Btf btf = Btf.vmlinux()) {
            BtfType.Enum e = (BtfType.Enum) btf.find("skb_drop_reason", BtfKind.ENUM).orElseThrow();
            assertEquals(e.values().stream().mapToLong(BtfType.EnumValue::value).distinct().count(),
                    ne.dropReasonNames().size());
            for (BtfType.EnumValue v : e.values()) {
                String expected = v.name().startsWith("SKB_DROP_REASON_") ? v.name().substring(16) : v.name();
                String actual = ne.dropReasonNames().get((int) v.value());
                assertTrue(actual.equals(expected) || e.values().stream().anyMatch(o -> o.value() == v.value()
                        && o != v), v + " named " + actual); // aliases keep the first name
            }
            // the tracepoint's own print format names the same values the same way
            String format = java.nio.file.Files.readString(java.nio.file.Path.of(
                    "/sys/kernel/tracing/events/skb/kfree_skb/format"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{ (\\d+), \"([A-Z0-9_]+)\" \\}")
                    .matcher(format.substring(format.indexOf("REC->reason")));
            int pairs = 0;
            while (m.find()) {
                assertEquals(m.group(2), ne.dropReasonNames().get(Integer.parseInt(m.group(1))), m.group());
                pairs++;
            }
            assertTrue(pairs > 10, format);
        }
    }

    @Test
    void connectToAClosedPortCountsTheResetsBothWaysAndTheStateChange() throws Exception {
        int port = closedTcpPort();
        List<NetEvent> events = new CopyOnWriteArrayList<>();
        try (NetEvents ne = builder().listener(events::add).allStateChanges(true).build()) {
            try (RawSockets tcp = RawSockets.tcp()) {
                assertEquals(-111, tcp.connect(port)); // ECONNREFUSED
            }
            Endpoint server = new Endpoint(LOOPBACK, port);
            Waits.until(() -> ne.peer(server).map(PeerCounters::resetsReceived).orElse(0L) >= 1, "reset received");
            Waits.until(() -> events.stream().anyMatch(e -> e instanceof NetEvent.Reset r && r.sent()
                    && r.local().port() == port), "reset-sent event");
            NetEvent.Reset sent = events.stream().filter(e -> e instanceof NetEvent.Reset r && r.sent()
                    && r.local().port() == port).map(NetEvent.Reset.class::cast).findFirst().orElseThrow();
            assertEquals(LOOPBACK, sent.remote().address());
            assertEquals(LOOPBACK, sent.local().address());
            assertFalse(sent.reasonName().isEmpty());
            System.out.println("OBSERVED reset sent for a SYN to a closed port: " + sent);
            assertTrue(ne.peer(sent.remote()).orElseThrow().resetsSent() >= 1, ne.peers().toString());

            Waits.until(() -> events.stream().anyMatch(e -> e instanceof NetEvent.Reset r && !r.sent()
                    && r.remote().equals(server)), "reset-received event");
            Waits.until(() -> events.stream().anyMatch(e -> e instanceof NetEvent.StateChange s
                    && s.remote().equals(server) && s.oldState() == TcpState.SYN_SENT && s.newState() == TcpState.CLOSE),
                    "SYN_SENT -> CLOSE state change");
            assertTrue(ne.peer(server).orElseThrow().stateChanges() >= 2, "CLOSE -> SYN_SENT -> CLOSE");
            for (NetEvent e : events) {
                assertTrue(e.kernelTimeNanos() > 0 && e.deliveryLatencyNanos() >= 0, e.toString());
            }
        }
    }

    @Test
    void ipv6PeersAreCountedWithTheirAddress() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        int port;
        try (ServerSocket s = new ServerSocket()) {
            try {
                s.bind(new InetSocketAddress(v6, 0));
            } catch (java.io.IOException e) {
                org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
            }
            port = s.getLocalPort();
        }
        List<NetEvent.Reset> resets = new CopyOnWriteArrayList<>();
        try (NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.TCP_RECEIVE_RESET,
                NetTracepoint.TCP_SEND_RESET)).onReset(resets::add).build()) {
            try (Socket c = new Socket()) {
                assertThrows(java.net.ConnectException.class, () -> c.connect(new InetSocketAddress(v6, port)));
            }
            Endpoint server = new Endpoint(v6, port);
            Waits.until(() -> ne.peer(server).map(PeerCounters::resetsReceived).orElse(0L) >= 1, "IPv6 reset received");
            Waits.until(() -> resets.stream().anyMatch(r -> !r.sent() && r.remote().equals(server)), "IPv6 reset event");
            Waits.until(() -> resets.stream().anyMatch(r -> r.sent() && r.local().equals(server)), "IPv6 reset sent");
            NetEvent.Reset sent = resets.stream().filter(r -> r.sent() && r.local().equals(server)).findFirst().orElseThrow();
            assertEquals(v6, sent.remote().address());
        }
    }

    @Test
    void anAbortedConnectionIsAnEstablishedToCloseEvent() throws Exception {
        List<NetEvent.StateChange> changes = new CopyOnWriteArrayList<>();
        try (NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.INET_SOCK_SET_STATE))
                .onStateChange(changes::add).build();
             ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            Socket client = new Socket(LOOPBACK, server.getLocalPort());
            int clientPort = client.getLocalPort();
            try (Socket accepted = server.accept()) {
                client.setSoLinger(true, 0);
                client.close(); // RST: ESTABLISHED -> CLOSE on both ends
                Endpoint serverEnd = new Endpoint(LOOPBACK, server.getLocalPort());
                Waits.until(() -> changes.stream().anyMatch(c -> c.remote().equals(serverEnd)), "the client's abort");
                NetEvent.StateChange c = changes.stream().filter(x -> x.remote().equals(serverEnd)).findFirst().orElseThrow();
                assertEquals(TcpState.ESTABLISHED, c.oldState());
                assertEquals(TcpState.CLOSE, c.newState());
                assertEquals(6, c.protocol());
                assertEquals(new Endpoint(LOOPBACK, clientPort), c.local(), "the local end as the socket had it");
                assertTrue(changes.stream().allMatch(x -> x.oldState() == TcpState.ESTABLISHED
                        && x.newState() == TcpState.CLOSE), "only aborts unless all state changes are asked for");
                assertTrue(ne.peer(serverEnd).orElseThrow().aborts() >= 1);
                Waits.until(() -> changes.size() >= 2, "the server end's abort too");
                System.out.println("OBSERVED linger-0 close: " + changes);
            }
        }
    }

    @Test
    void synRetransmitsToASilentPeerAreCountedForThatPeer() throws Exception {
        List<NetEvent.Retransmit> retransmits = new CopyOnWriteArrayList<>();
        try (VethPair veth = VethPair.create();
             NetEvents ne = builder().tracepoints(Set.of(NetTracepoint.TCP_RETRANSMIT_SKB))
                     .onRetransmit(retransmits::add).netns(Set.of(NetNs.currentInode())).build()) {
            // the peer's answers (RST) to us go nowhere: our SYNs go unanswered and are retransmitted
            veth.execInNetns("ip", "route", "add", "blackhole", veth.hostIp() + "/32");
            InetAddress peerIp = InetAddress.getByName(veth.peerIp());
            int port = 4242;
            try (Socket s = new Socket()) {
                assertThrows(SocketTimeoutException.class, () -> s.connect(new InetSocketAddress(peerIp, port), 2_500));
            }
            Endpoint peer = new Endpoint(peerIp, port);
            Waits.until(() -> ne.peer(peer).map(PeerCounters::retransmits).orElse(0L) >= 1, "a SYN retransmit");
            // other tests on the host (other namespaces, and this one) may retransmit too: look for ours
            Waits.until(() -> retransmits.stream().anyMatch(x -> x.remote().equals(peer)), "a retransmit event");
            NetEvent.Retransmit r = retransmits.stream().filter(x -> x.remote().equals(peer)).findFirst().orElseThrow();
            assertTrue(retransmits.stream().allMatch(x -> x.netnsInode() == NetNs.currentInode()), retransmits.toString());
            assertEquals(InetAddress.getByName(veth.hostIp()), r.local().address());
            assertEquals(TcpState.SYN_SENT, r.state());
            System.out.printf("MEASURE retransmits to %s: %d (events %d)%n", peer,
                    ne.peer(peer).orElseThrow().retransmits(), retransmits.size());
        }
    }
}
