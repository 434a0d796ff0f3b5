package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.testutil.PacketSocket;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tc;
import io.ebpf4j.link.TcDirection;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.PerCpuMap;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the probes between two nodes in network namespaces, each node's filter requiring
 * authenticated probes with the key of their pair: an attacker on the link forges replies (for every
 * sequence number, the lost ones included) while a tc program drops 10 % of the probes, then replays
 * every request it captured so that the peer answers it again; another floods the peer with requests
 * from an address of its own. Loss and RTT stay exactly what the link did, every forgery and replay is
 * counted, and the flood is answered at the configured budget without touching the prober's.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.TC_ATTACH,
        KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN}, programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS},
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class ProbeAttackNamespaceTest {
    static final SpiffeId NODE_A = MeshNamespaceTest.NODE_A;
    static final SpiffeId NODE_B = MeshNamespaceTest.NODE_B;
    static final SpiffeId FLOODER = MeshNamespaceTest.INTRUDER;
    static final int PROBE_PORT = MeshNamespaceTest.PROBE_PORT;
    static final ProbeKey PAIR_AB = ProbeKey.random(3);

    TwoNodes nodes;

    @BeforeEach
    void create() {
        nodes = TwoNodes.create();
    }

    @AfterEach
    void remove() {
        nodes.close();
    }

    /** A node requiring authenticated probes, knowing its peer with the pair's key. */
    private MeshFilter node(SpiffeId peer, String peerAddress, String ns, String ifname, AnswerLimit limit) {
        MeshFilter f = MeshFilter.builder().probePort(PROBE_PORT).probeAuth(null).answerLimit(limit).build();
        try {
            f.guards().peerKeys(peer, ProbeKeys.of(PAIR_AB));
            f.identities().register(peer, peerAddress + "/32");
            f.allow(peer);
            NetNs.exec(ns, () -> f.attach(ifname));
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Test
    void forgedAndReplayedRepliesAreNeverCounted() throws Exception {
        ObjectSpec faultSpec = ObjectSpec.open(MeshFilterObject.faultBytes(), "mesh_fault");
        faultSpec.globals().set("probe_port", PROBE_PORT).set(MeshFilterObject.FAULT_DROP_PER_MILLION, 100_000);
        List<byte[]> captured = new ArrayList<>();
        try (MeshFilter a = node(NODE_B, TwoNodes.B, nodes.nsA(), nodes.ifA(), AnswerLimit.DEFAULT);
                MeshFilter b = node(NODE_A, TwoNodes.A, nodes.nsB(), nodes.ifB(), AnswerLimit.DEFAULT);
                BpfObject fault = faultSpec.load();
                PacketSocket tap = NetNs.run(nodes.nsA(), () -> PacketSocket.open(nodes.ifA()));
                DatagramSocket forger = NetNs.run(nodes.nsB(), () -> new DatagramSocket(
                        new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.B), PROBE_PORT)))) {
            int n = 2000;
            PerCpuMap<Integer, Layouts.FaultCounters> faults = PerCpuMap.perCpu(fault.map(MeshFilterObject.FAULT_COUNTERS),
                    Codecs.INT, Codecs.record(Layouts.FaultCounters.class));
            AtomicBoolean probing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<byte[]> requests = new ConcurrentLinkedQueue<>();
            Thread capture = Thread.ofPlatform().start(() -> {
                while (true) { // until probing ended and the tap has nothing more
                    var frame = tap.receive();
                    if (frame.isEmpty() && !probing.get()) {
                        return;
                    }
                    frame.filter(f -> f.pktType() == PacketSocket.PACKET_OUTGOING).flatMap(ProbeAttackNamespaceTest::request)
                            .ifPresent(requests::add);
                }
            });
            AtomicLong forged = new AtomicLong();
            ProbeKey guessed = ProbeKey.random(PAIR_AB.id());
            Thread forgery = Thread.ofPlatform().start(() -> {
                for (int round = 0; probing.get() || round < 1; round++) {
                    for (int seq = 0; seq < n + 50; seq += 7) { // every 7th sequence number, the lost ones among them
                        ProbePayload p = new ProbePayload(ProbePayload.REPLY, seq, a.nodeTag(), 1, 1);
                        send(forger, seq % 2 == 0 ? p : p.signed(guessed), TwoNodes.A, 40000);
                        forged.incrementAndGet();
                        if (seq % 140 == 0) {
                            pause(1);
                        }
                    }
                }
            });
            long sent;
            try (Link ignored = NetNs.run(nodes.nsA(), () -> Tc.attach(fault.program(MeshFilterObject.FAULT_PROGRAM),
                    nodes.ifA(), TcDirection.EGRESS));
                    Prober prober = NetNs.run(nodes.nsA(), () -> a.prober()
                            .target(NODE_B, InetAddress.ofLiteral(TwoNodes.B)).interval(null).start())) {
                for (int i = 0; i < n; i++) {
                    prober.probeOnce();
                    if (i % 4 == 0) {
                        Thread.sleep(1);
                    }
                }
                sent = prober.sent(NODE_B);
                waitFor(() -> a.stats().peer(NODE_B).orElseThrow().probe().replies()
                        + faults.sum(0, Layouts.FaultCounters::dropped).orElseThrow() >= n);
            } finally {
                probing.set(false);
            }
            forgery.join();
            capture.join();
            captured.addAll(requests);
            waitFor(() -> a.guards().counters(NODE_B).unauthenticated() >= forged.get());

            // the loss and RTT are the link's, exactly: what tc dropped, nothing the forger sent
            long dropped = faults.sum(0, Layouts.FaultCounters::dropped).orElseThrow();
            assertEquals(n, sent);
            ProbeStats p = a.stats().peer(NODE_B).orElseThrow().probe();
            assertEquals(n - dropped, p.replies(), p.toString());
            assertEquals(dropped - (n - p.expected()), p.lost(), p.toString());
            assertTrue(dropped > 0, "the link lost probes for the forger to hide");
            assertEquals(forged.get(), a.guards().counters(NODE_B).unauthenticated(), "every forgery refused and counted");
            assertEquals(n - dropped, captured.size(), "the tap saw every request the link carried");
            assertEquals(n - dropped, b.stats().peer(NODE_A).orElseThrow().traffic().probesAnswered());

            // replay: every captured request sent to B again, B answers each, A counts none
            ProbeStats beforeReplay = a.stats().peer(NODE_B).orElseThrow().probe();
            try (DatagramSocket replayer = NetNs.run(nodes.nsA(), () -> new DatagramSocket(
                    new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.A), 0)))) {
                int i = 0;
                for (byte[] request : captured) {
                    replayer.send(new DatagramPacket(request, request.length, new InetSocketAddress(
                            InetAddress.ofLiteral(TwoNodes.B), PROBE_PORT)));
                    if (++i % 50 == 0) {
                        Thread.sleep(1);
                    }
                }
                // and forged replies for exactly the sequence numbers the link lost (the tap tells which)
                Set<Integer> lost = new TreeSet<>();
                for (int s = 0; s < n; s++) {
                    lost.add(s);
                }
                captured.forEach(r -> lost.remove(ProbePayload.decode(r, 0).orElseThrow().seq()));
                for (int s : lost) {
                    send(forger, new ProbePayload(ProbePayload.REPLY, s, a.nodeTag(), 1, 1), TwoNodes.A, 40000);
                }
                long forgedTotal = forged.get() + lost.size();
                waitFor(() -> {
                    GuardCounters g = a.guards().counters(NODE_B);
                    return g.replayed() + g.stale() >= captured.size() && g.unauthenticated() >= forgedTotal;
                });
                GuardCounters g = a.guards().counters(NODE_B);
                assertEquals(captured.size(), g.replayed() + g.stale(), "every replayed reply refused: " + g);
                assertEquals(forgedTotal, g.unauthenticated(), g.toString());
            }
            assertEquals(2L * captured.size(), b.stats().peer(NODE_A).orElseThrow().traffic().probesAnswered(),
                    "B answered the replayed requests (they are authentic)");
            assertEquals(beforeReplay, a.stats().peer(NODE_B).orElseThrow().probe(), "loss and RTT unchanged by the replay");
            Counters t = a.stats().peer(NODE_B).orElseThrow().traffic();
            GuardCounters g = a.guards().counters(NODE_B);
            assertEquals(g.unauthenticated() + g.replayed() + g.stale(), t.droppedGuard());
            System.out.printf("probe attack: %d probes, %d lost on the link (loss %.4f), %d forged replies and %d replayed"
                    + " refused (replayed %d, stale %d); replies counted %d%n", n, dropped, p.lossRatio(), g.unauthenticated(),
                    captured.size(), g.replayed(), g.stale(), p.replies());
        }
    }

    @Test
    void aRequestFloodIsAnsweredAtTheBoundedRate() throws Exception {
        AnswerLimit limit = new AnswerLimit(500, 50);
        try (MeshFilter a = node(NODE_B, TwoNodes.B, nodes.nsA(), nodes.ifA(), AnswerLimit.DEFAULT);
                MeshFilter b = node(NODE_A, TwoNodes.A, nodes.nsB(), nodes.ifB(), limit);
                DatagramSocket flooder = NetNs.run(nodes.nsA(), () -> new DatagramSocket(
                        new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.A_SECOND), 0)))) {
            b.guards().peerKeys(FLOODER, ProbeKeys.of(PAIR_AB)); // the flooder even holds a key: its requests are authentic
            b.identities().register(FLOODER, TwoNodes.A_SECOND + "/32");
            int probes = 200;
            AtomicLong flood = new AtomicLong();
            AtomicBoolean probing = new AtomicBoolean(true);
            long start = System.nanoTime();
            Thread flooding = Thread.ofPlatform().start(() -> {
                int seq = 0;
                while (probing.get()) {
                    send(flooder, ProbePayload.request(seq++, 0x5eed, 1, 1).signed(PAIR_AB), TwoNodes.B, PROBE_PORT);
                    flood.incrementAndGet();
                }
            });
            try (Prober prober = NetNs.run(nodes.nsA(), () -> a.prober().target(NODE_B, InetAddress.ofLiteral(TwoNodes.B))
                    .interval(null).start())) {
                for (int i = 0; i < probes; i++) {
                    prober.probeOnce();
                    Thread.sleep(5);
                }
            } finally {
                probing.set(false);
                flooding.join();
            }
            waitFor(() -> a.stats().peer(NODE_B).orElseThrow().probe().replies() >= probes);
            int flooderId = b.identities().identity(FLOODER).orElseThrow();
            waitFor(() -> b.counters(flooderId).packets() == b.counters(flooderId).probesAnswered()
                    + b.guards().counters(FLOODER).rateLimited());
            double seconds = (System.nanoTime() - start) / 1e9;
            Counters f = b.counters(flooderId);
            long limited = b.guards().counters(FLOODER).rateLimited();
            long answered = f.probesAnswered();
            assertEquals(f.packets(), answered + limited, "every flood request that reached XDP was answered or refused");
            assertTrue(answered <= limit.burst() + limit.perSecond() * seconds + 1, answered + " answered in " + seconds + " s");
            assertTrue(answered >= limit.burst() && limited > 0, "answered " + answered + ", limited " + limited);
            ProbeStats p = a.stats().peer(NODE_B).orElseThrow().probe();
            assertEquals(probes, p.replies(), "the prober's own budget is untouched by the flood: " + p);
            assertEquals(0, p.lost());
            assertEquals(0, b.guards().counters(NODE_A).rateLimited());
            System.out.printf("probe request flood: %d sent in %.2f s (%.0f/s), %d reached XDP, %d answered (%.0f/s; "
                    + "budget %d/s + burst %d), %d refused; the prober's %d probes: %d replies%n", flood.get(), seconds,
                    flood.get() / seconds, f.packets(), answered, (answered - limit.burst()) / seconds, limit.perSecond(),
                    limit.burst(), limited, probes, p.replies());
        }
    }

    /** The UDP payload of an outgoing probe request in {@code frame} (Ethernet, IPv4, UDP to the probe port). */
    private static java.util.Optional<byte[]> request(PacketSocket.Frame frame) {
        byte[] f = frame.bytes();
        if (f.length < 14 + 20 + 8 + ProbePayload.SIZE || PacketSocket.u16(f, 12) != 0x0800) {
            return java.util.Optional.empty();
        }
        int l4 = 14 + (f[14] & 0x0f) * 4;
        if (f[14 + 9] != 17 || PacketSocket.u16(f, l4 + 2) != PROBE_PORT) {
            return java.util.Optional.empty();
        }
        byte[] payload = Arrays.copyOfRange(f, l4 + 8, l4 + 8 + ProbePayload.SIZE);
        return ProbePayload.decode(payload, 0).filter(p -> p.kind() == ProbePayload.REQUEST).map(p -> payload);
    }

    private static void send(DatagramSocket s, ProbePayload p, String to, int port) {
        byte[] b = p.encode();
        try {
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.ofLiteral(to), port)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
