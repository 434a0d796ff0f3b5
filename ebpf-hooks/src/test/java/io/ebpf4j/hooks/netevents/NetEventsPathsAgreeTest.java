package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Waits;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The raw tracepoint programs (reading the tracepoints' arguments) report what the tracepoint
 * programs (reading the records the kernel builds) report: both attached at once, the same traffic,
 * the same events, field by field (times aside).
 */
@RequiresKernel({KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER,
        KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsPathsAgreeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void bothPathsSeeTheSameResetsStateChangesAndAborts() throws Exception {
        List<NetEvent> raw = new CopyOnWriteArrayList<>();
        List<NetEvent> tp = new CopyOnWriteArrayList<>();
        try (NetEvents r = NetEvents.builder().attachPath(NetAttachPath.RAW_TRACEPOINT).listener(raw::add)
                .allStateChanges(true).build();
             NetEvents t = NetEvents.builder().attachPath(NetAttachPath.TRACEPOINT).listener(tp::add)
                     .allStateChanges(true).build()) {
            assertEquals(NetAttachPath.RAW_TRACEPOINT, r.attachPath());
            assertEquals(NetAttachPath.TRACEPOINT, t.attachPath());
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
                closed = s.getLocalPort();
            }
            int clientPort;
            try (RawSockets tcp = RawSockets.tcp()) {
                assertEquals(-111, tcp.connect(closed)); // ECONNREFUSED: a reset sent without a socket, one received
            }
            int serverPort;
            try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
                serverPort = server.getLocalPort();
                Socket client = new Socket(LOOPBACK, serverPort);
                clientPort = client.getLocalPort();
                try (Socket accepted = server.accept()) {
                    client.setSoLinger(true, 0);
                    client.close(); // RST: ESTABLISHED -> CLOSE on both ends, a reset received by the server end
                }
            }
            Predicate<NetEvent> ours = e -> touches(e, closed) || touches(e, serverPort) || touches(e, clientPort);
            Waits.until(() -> count(raw, ours) >= 8 && count(tp, ours) >= 8, "the events of both connections");
            Thread.sleep(300); // stragglers of the same traffic
            Set<String> fromRaw = keys(raw, ours);
            Set<String> fromTp = keys(tp, ours);
            System.out.println("OBSERVED both paths:\n  " + String.join("\n  ", fromRaw));
            assertEquals(fromTp, fromRaw, "raw tracepoint events equal tracepoint events");
            assertTrue(fromRaw.stream().anyMatch(k -> k.startsWith("Reset[sent=true") && k.contains("reasonName=NO_SOCKET")),
                    "the reset sent without a socket, with its reason: " + fromRaw);
            assertTrue(fromRaw.stream().anyMatch(k -> k.startsWith("StateChange") && k.contains("oldState=ESTABLISHED")
                    && k.contains("local=" + LOOPBACK.getHostAddress() + ":" + clientPort)), fromRaw.toString());
        }
    }

    private static boolean touches(NetEvent e, int port) {
        return switch (e) {
            case NetEvent.Reset r -> r.local().port() == port || r.remote().port() == port;
            case NetEvent.StateChange s -> s.local().port() == port || s.remote().port() == port;
            case NetEvent.Retransmit r -> r.local().port() == port || r.remote().port() == port;
            case NetEvent.Drop d -> false;
        };
    }

    private static long count(List<NetEvent> events, Predicate<NetEvent> which) {
        return events.stream().filter(which).count();
    }

    /** Each event without its two times, sorted. */
    private static Set<String> keys(List<NetEvent> events, Predicate<NetEvent> which) {
        Set<String> out = new TreeSet<>();
        events.stream().filter(which).forEach(e -> out.add(e.toString().replaceAll("kernelTimeNanos=\\d+, receivedNanos=\\d+, ", "")));
        return out;
    }
}
