package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.netns.VethPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The run-time switches of NetEvents: which kinds become events, all state changes or only aborts, and
 * the namespace filter. Each step connects to a closed loopback port (a reset each way and a SYN_SENT to
 * CLOSE change). The ring buffer delivers in order, so an event that arrives after a step shows that
 * the step's own events, had there been any, would have arrived before it.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsSwitchesTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Set<NetTracepoint> RESETS_AND_STATES = Set.of(NetTracepoint.TCP_RECEIVE_RESET,
            NetTracepoint.TCP_SEND_RESET, NetTracepoint.INET_SOCK_SET_STATE);

    /** Connects to a loopback port nobody listens on; returns the refused server's endpoint. */
    private static Endpoint refusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        try (RawSockets tcp = RawSockets.tcp()) {
            assertEquals(-111, tcp.connect(port), "ECONNREFUSED from port " + port);
        }
        return new Endpoint(LOOPBACK, port);
    }

    private static boolean resetReceivedFrom(NetEvent e, Endpoint server) {
        return e instanceof NetEvent.Reset r && !r.sent() && r.remote().equals(server);
    }

    private static boolean about(NetEvent e, Endpoint server) {
        return switch (e) {
            case NetEvent.Reset r -> r.remote().equals(server) || r.local().equals(server);
            case NetEvent.StateChange s -> s.remote().equals(server) || s.local().equals(server);
            default -> false;
        };
    }

    @Test
    void eventKindsAndStateChangesAreSwitchedWhileRunning() throws Exception {
        List<NetEvent> events = new CopyOnWriteArrayList<>();
        try (NetEvents ne = NetEvents.builder().tracepoints(RESETS_AND_STATES).listener(events::add)
                .events(Set.of()).build()) {
            Endpoint quiet = refusedConnection();
            Waits.until(() -> ne.peer(quiet).map(PeerCounters::resetsReceived).orElse(0L) >= 1, "the reset counted");

            ne.setEvents(EnumSet.of(NetEventKind.RESET_RECEIVED));
            Endpoint resets = refusedConnection();
            Waits.until(() -> events.stream().anyMatch(e -> resetReceivedFrom(e, resets)), "a reset-received event");
            assertFalse(events.stream().anyMatch(e -> about(e, quiet)), "no kind on: counted, no event: " + events);
            assertFalse(events.stream().anyMatch(e -> about(e, resets) && !resetReceivedFrom(e, resets)),
                    "only the kind switched on: " + events);

            ne.enableEvents(EnumSet.of(NetEventKind.STATE_CHANGE, NetEventKind.RESET_SENT));
            Endpoint abortsOnly = refusedConnection();
            Waits.until(() -> events.stream().anyMatch(e -> e instanceof NetEvent.Reset r && r.sent()
                    && r.local().equals(abortsOnly)), "a reset-sent event");
            Waits.until(() -> events.stream().anyMatch(e -> resetReceivedFrom(e, abortsOnly)),
                    "reset-received events still on after enableEvents");

            ne.setAllStateChanges(true);
            Endpoint allStates = refusedConnection();
            Waits.until(() -> events.stream().anyMatch(e -> e instanceof NetEvent.StateChange s
                    && s.remote().equals(allStates) && s.oldState() == TcpState.SYN_SENT && s.newState() == TcpState.CLOSE),
                    "SYN_SENT -> CLOSE once every state change is an event");
            assertFalse(events.stream().anyMatch(e -> e instanceof NetEvent.StateChange s && s.remote().equals(abortsOnly)),
                    "SYN_SENT -> CLOSE is no abort: not an event before setAllStateChanges(true): " + events);

            ne.setAllStateChanges(false);
            ne.setEvents(EnumSet.of(NetEventKind.RESET_RECEIVED));
            Endpoint abortsAgain = refusedConnection();
            Endpoint marker = refusedConnection();
            Waits.until(() -> events.stream().anyMatch(e -> resetReceivedFrom(e, marker)), "the marker's reset");
            assertFalse(events.stream().anyMatch(e -> e instanceof NetEvent.StateChange s && s.remote().equals(abortsAgain)),
                    "state changes off again: " + events);
        }
    }

    /**
     * The namespace filter is applied as events are read, so each step ends with an event that is
     * delivered under the same filter as the events it checks: those were read before it.
     */
    @Test
    void theNamespaceFilterIsChangedWhileRunning() throws Exception {
        List<NetEvent.Reset> resets = new CopyOnWriteArrayList<>();
        try (VethPair veth = VethPair.create();
             NetEvents ne = NetEvents.builder().tracepoints(RESETS_AND_STATES).onReset(resets::add).build()) {
            long host = NetNs.currentInode();
            long peer = NetNs.inode(veth.netns());
            ne.setNetns(Set.of(peer));
            Endpoint inHost = refusedConnection();
            Endpoint inPeer = NetNs.run(veth.netns(), NetEventsSwitchesTest::refusedConnection);
            Waits.until(() -> resets.stream().anyMatch(r -> resetReceivedFrom(r, inPeer) && r.netnsInode() == peer),
                    "the peer namespace's reset");
            assertTrue(ne.peer(inHost).map(PeerCounters::resetsReceived).orElse(0L) >= 1, "counted whatever the filter");
            assertFalse(resets.stream().anyMatch(r -> r.netnsInode() != peer), "only the peer namespace's: " + resets);

            ne.setNetns(Set.of(host, Long.MAX_VALUE));
            int seen = resets.size();
            Endpoint peerAgain = NetNs.run(veth.netns(), NetEventsSwitchesTest::refusedConnection);
            Endpoint hostAgain = refusedConnection();
            Waits.until(() -> resets.stream().anyMatch(r -> resetReceivedFrom(r, hostAgain) && r.netnsInode() == host),
                    "this namespace's reset");
            List<NetEvent.Reset> all = List.copyOf(resets);
            List<NetEvent.Reset> later = all.subList(seen, all.size());
            assertFalse(later.stream().anyMatch(r -> r.netnsInode() == peer), "held back: " + peerAgain + " in " + later);

            ne.setNetns(null); // every namespace again
            Endpoint peerLast = NetNs.run(veth.netns(), NetEventsSwitchesTest::refusedConnection);
            Waits.until(() -> resets.stream().anyMatch(r -> resetReceivedFrom(r, peerLast) && r.netnsInode() == peer),
                    "unfiltered again");

            assertEquals("not a namespace inode: 0",
                    assertThrows(IllegalArgumentException.class, () -> ne.setNetns(Set.of(0L))).getMessage());
            assertEquals("not a namespace inode: -4",
                    assertThrows(IllegalArgumentException.class, () -> NetEvents.builder().netns(Set.of(-4L))).getMessage());
        }
    }
}
