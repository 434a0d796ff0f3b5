package io.ebpf4j.heal.experiment.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.DemoMesh;
import io.ebpf4j.netns.NetNs;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Test traffic and checks in a {@link HealMesh}: pings, counted UDP datagrams, leftovers. */
public final class MeshTraffic {
    private MeshTraffic() {}

    /** Whether one ping from node {@code from} to {@code address} is answered (within 1 s). */
    public static boolean ping(HealMesh m, int from, String address) {
        try {
            Commands.inNetns(m.netns(from), "ping", "-c", "1", "-W", "1", "-q", address);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * Sends {@code count} UDP datagrams of {@code size} bytes from node {@code from} to {@code address}
     * (an address of node {@code to}), pausing 1 ms every {@code pauseEvery} (0: never), and returns
     * how many arrived.
     */
    public static int udp(HealMesh m, int from, int to, String address, int count, int size, int pauseEvery)
            throws Exception {
        InetAddress dst = InetAddress.ofLiteral(address);
        try (DatagramSocket rx = NetNs.run(m.netns(to), () -> new DatagramSocket(new InetSocketAddress(dst, 0)));
                DatagramSocket tx = NetNs.run(m.netns(from), () -> new DatagramSocket())) {
            rx.setSoTimeout(200);
            rx.setReceiveBufferSize(4 << 20); // holds every datagram even when the reader lags (rmem_max caps it)
            AtomicBoolean sent = new AtomicBoolean();
            AtomicInteger received = new AtomicInteger();
            Thread reader = Thread.ofPlatform().name("udp-rx").start(() -> {
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                while (true) {
                    try {
                        rx.receive(p);
                        received.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        if (sent.get()) {
                            return;
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            byte[] payload = new byte[size];
            DatagramPacket out = new DatagramPacket(payload, size, new InetSocketAddress(dst, rx.getLocalPort()));
            for (int i = 0; i < count; i++) {
                tx.send(out);
                if (pauseEvery > 0 && (i + 1) % pauseEvery == 0) {
                    Thread.sleep(1);
                }
            }
            sent.set(true);
            reader.join();
            return received.get();
        }
    }

    /**
     * Asserts that no fault is left in the mesh: every interface up with no tbf/clsact qdisc, no
     * egress filter and no fault_inject program attached; and no fault_inject program loaded at all.
     */
    public static void assertNothingLeft(HealMesh m) {
        for (int i = 0; i < m.size(); i++) {
            String ns = m.netns(i);
            String net = Commands.inNetns(ns, "bpftool", "net", "show");
            assertFalse(net.contains("fault_inject"), ns + ": " + net);
            for (DemoMesh.Endpoint e : m.mesh().endpoints(i)) {
                String qdisc = Commands.run("tc", "-n", ns, "qdisc", "show", "dev", e.ifname());
                assertFalse(qdisc.contains("tbf") || qdisc.contains("clsact"), qdisc);
                assertEquals("", Commands.run("tc", "-n", ns, "filter", "show", "dev", e.ifname(), "egress").strip());
                String link = Commands.run("ip", "-n", ns, "-br", "link", "show", "dev", e.ifname());
                assertTrue(link.contains(" UP "), link);
            }
        }
        String progs = Commands.run("bpftool", "prog", "show");
        assertFalse(progs.contains("name fault_inject"), progs);
    }
}
