package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pinned mode on real traffic between two namespaces: node B runs the filter pinned in a bpffs
 * directory of its own (unique per test, always removed); A sends from an allowed and a denied
 * address. The datapath outlives the filter's process hold, a new build adopts it without a gap and
 * with counters continuing, and uninstall leaves nothing.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.BPFFS,
        KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class PinnedMeshFilterTest {
    static final SpiffeId NODE_A = SpiffeId.parse("spiffe://mesh.test/node/a");
    static final SpiffeId INTRUDER = SpiffeId.parse("spiffe://mesh.test/node/intruder");
    static final SpiffeId LATECOMER = SpiffeId.parse("spiffe://mesh.test/node/late");
    static final int PORT = 9000;
    private static final ObjectMapper JSON = new ObjectMapper();

    TwoNodes nodes;
    Path pinDir;

    @BeforeEach
    void create() {
        nodes = TwoNodes.create();
        pinDir = Path.of("/sys/fs/bpf", "e4j-mesh-" + UUID.randomUUID());
    }

    @AfterEach
    void remove() {
        try {
            MeshFilter.uninstall(pinDir);
            Commands.quiet("rm", "-rf", pinDir.toString());
        } finally {
            nodes.close();
        }
    }

    /** B's filter: A allowed, the intruder denied, the given default; attached to B's end. */
    private MeshFilter buildB(Action defaultAction) {
        MeshFilter b = NetNs.run(nodes.nsB(), () -> MeshFilter.builder().pinDir(pinDir).defaultAction(defaultAction)
                .attach(nodes.ifB()).build());
        try {
            configure(b);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** The configuration, applied as a restarted agent would: registrations first, then policies. */
    private static void configure(MeshFilter b) {
        b.identities().register(NODE_A, TwoNodes.A + "/32");
        b.identities().register(INTRUDER, TwoNodes.A_SECOND + "/32");
        b.allow(NODE_A);
        b.deny(INTRUDER);
    }

    @Test
    void aClosedFilterKeepsFilteringAndCountingAndTheNextBuildContinuesItsCounters() throws Exception {
        long bpfFdsBefore = bpfFds();
        try (DatagramSocket receiver = NetNs.run(nodes.nsB(), () -> bound(TwoNodes.B, PORT));
                DatagramSocket fromA = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A, 0));
                DatagramSocket fromIntruder = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A_SECOND, 0))) {
            MeshFilter first = buildB(Action.DENY);
            int firstProgram = first.program().info().id();
            int numberA = first.identities().identity(NODE_A).orElseThrow();
            int numberIntruder = first.identities().identity(INTRUDER).orElseThrow();
            int tag = first.nodeTag();
            first.rule(NODE_A, IpProtocol.UDP, 9999, Action.DENY);
            assertFalse(first.adopted());
            assertEquals(List.of(nodes.ifB()), first.interfaces());
            assertEquals(Set.of("rwx------"), Set.of(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(pinDir))), "the pin directory is the owner's only");
            assertTrue(Files.exists(pinDir.resolve("link_" + nodes.ifB())), "the link is pinned");
            send(fromA, 50);
            send(fromIntruder, 20);
            assertEquals(50, Datagrams.receive(receiver, 50));
            first.close();

            assertEquals(bpfFdsBefore, bpfFds(), "this process holds no BPF object of the closed filter");
            assertEquals(OptionalInt.of(firstProgram), xdpProgram(nodes.nsB(), nodes.ifB()),
                    "the program stays attached while no process holds it");
            send(fromA, 30);
            send(fromIntruder, 15);
            assertEquals(30, Datagrams.receive(receiver, 30), "the allowed peer passes, the denied one is still dropped");

            try (MeshFilter second = NetNs.run(nodes.nsB(), () -> MeshFilter.builder().pinDir(pinDir)
                    .defaultAction(Action.DENY).attach(nodes.ifB()).build())) {
                assertTrue(second.adopted());
                assertEquals(Set.of(NODE_A, INTRUDER), second.identities().adopted());
                assertEquals(List.of(nodes.ifB()), second.interfaces(), "the pinned link was adopted");
                int secondProgram = second.program().info().id();
                assertNotEquals(firstProgram, secondProgram);
                assertEquals(OptionalInt.of(secondProgram), xdpProgram(nodes.nsB(), nodes.ifB()),
                        "the new program runs in the adopted link");
                assertEquals(tag, second.nodeTag(), "the node tag is kept");
                assertEquals(java.util.Optional.of(Action.DENY), second.identities().policy(INTRUDER), "adopted policy");
                assertEquals(java.util.Map.of(new PortRule(IpProtocol.UDP, 9999), Action.DENY),
                        second.identities().portRules(NODE_A), "adopted port rule");
                assertEquals(Set.of(io.ebpf4j.map.Cidr.parse(TwoNodes.A + "/32")), second.identities().cidrs(NODE_A));
                assertEquals(java.util.Optional.of(NODE_A),
                        second.identities().resolve(InetAddress.ofLiteral(TwoNodes.A)), "adopted prefix");

                MeshStats s = second.stats();
                Counters a = s.peer(NODE_A).orElseThrow().traffic();
                Counters x = s.peer(INTRUDER).orElseThrow().traffic();
                assertEquals(80, a.passed(), "counted before and while no process held the filter: " + s);
                assertEquals(35, x.droppedPolicy(), s.toString());

                configure(second);
                assertTrue(second.identities().adopted().isEmpty());
                assertEquals(numberA, second.identities().identity(NODE_A).orElseThrow(), "same number after adoption");
                assertEquals(numberIntruder, second.identities().identity(INTRUDER).orElseThrow());
                int late = second.identities().register(LATECOMER, "198.18.0.6/32");
                assertFalse(Set.of(numberA, numberIntruder).contains(late), "a new identity gets a free number");
                assertEquals(Counters.ZERO, second.counters(late));
                send(fromA, 10);
                send(fromIntruder, 5);
                assertEquals(10, Datagrams.receive(receiver, 10));
                s = second.stats();
                assertEquals(90, s.peer(NODE_A).orElseThrow().traffic().passed(), "counters continue, not reset: " + s);
                assertEquals(40, s.peer(INTRUDER).orElseThrow().traffic().droppedPolicy(), s.toString());
                assertTrue(s.global().frames() >= 90 + 40, s.toString());
            }
        }
    }

    @Test
    void aDeniedPeerStaysDeniedWhileItSendsThroughRepeatedCloseAndAdoptCycles() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sentA = new AtomicLong();
        AtomicLong sentIntruder = new AtomicLong();
        AtomicLong receivedA = new AtomicLong();
        AtomicLong receivedIntruder = new AtomicLong();
        long vethDropsBefore = txDropped(nodes.nsA(), nodes.ifA());
        MeshFilter filter = buildB(Action.ALLOW); // with a gap, the denied peer would pass by default
        try (DatagramSocket receiver = NetNs.run(nodes.nsB(), () -> bound(TwoNodes.B, PORT));
                DatagramSocket fromA = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A, 0));
                DatagramSocket fromIntruder = NetNs.run(nodes.nsA(), () -> bound(TwoNodes.A_SECOND, 0))) {
            InetAddress a = InetAddress.ofLiteral(TwoNodes.A);
            InetAddress intruder = InetAddress.ofLiteral(TwoNodes.A_SECOND);
            Thread counting = Thread.ofPlatform().start(() -> {
                byte[] buf = new byte[64];
                while (!stop.get()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        receiver.receive(p);
                    } catch (SocketTimeoutException e) {
                        continue;
                    } catch (IOException e) {
                        return;
                    }
                    if (p.getAddress().equals(a)) {
                        receivedA.incrementAndGet();
                    } else if (p.getAddress().equals(intruder)) {
                        receivedIntruder.incrementAndGet();
                    }
                }
            });
            Thread sending = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    if (sendOne(fromIntruder)) {
                        sentIntruder.incrementAndGet();
                    }
                    if (sendOne(fromA)) {
                        sentA.incrementAndGet();
                    }
                    LockSupport.parkNanos(200_000);
                }
            });
            try {
                for (int cycle = 0; cycle < 5; cycle++) {
                    long before = sentIntruder.get();
                    Thread.sleep(100);
                    filter.close(); // as if the agent stopped: the pins keep the datapath
                    Thread.sleep(50);
                    filter = NetNs.run(nodes.nsB(), () -> MeshFilter.builder().pinDir(pinDir).defaultAction(Action.ALLOW)
                            .attach(nodes.ifB()).build());
                    assertTrue(filter.adopted());
                    configure(filter);
                    assertTrue(sentIntruder.get() - before > 100, "the denied peer kept sending through cycle " + cycle);
                }
                Thread.sleep(100);
            } finally {
                stop.set(true);
                sending.join();
            }
            Thread.sleep(300); // let the receiver drain
            counting.join();

            MeshStats s = filter.stats();
            Counters x = s.peer(INTRUDER).orElseThrow().traffic();
            Counters ok = s.peer(NODE_A).orElseThrow().traffic();
            long vethDrops = txDropped(nodes.nsA(), nodes.ifA()) - vethDropsBefore;
            System.out.printf("pinned adoption under traffic: denied peer sent %d, dropped %d, received %d; allowed sent %d,"
                    + " passed %d, received %d; veth tx drops %d%n", sentIntruder.get(), x.droppedPolicy(),
                    receivedIntruder.get(), sentA.get(), ok.passed(), receivedA.get(), vethDrops);
            assertEquals(0, receivedIntruder.get(), "no datagram of the denied peer passed during 5 close/adopt cycles");
            assertEquals(0, x.passed(), s.toString());
            assertEquals(x.packets(), x.droppedPolicy(), s.toString());
            assertTrue(sentIntruder.get() - x.droppedPolicy() <= vethDrops, "every datagram of the denied peer that reached B's"
                    + " filter was dropped and counted, across all filters: sent " + sentIntruder.get() + ", veth drops "
                    + vethDrops + ", " + s);
            assertTrue(sentA.get() - ok.passed() <= vethDrops, "the allowed peer passed throughout: sent " + sentA.get()
                    + ", veth drops " + vethDrops + ", " + s);
            assertTrue(receivedA.get() > 0 && receivedA.get() <= ok.passed(), s.toString());
        } finally {
            filter.close();
        }
    }

    @Test
    void uninstallRemovesEveryPinTheMapsAndTheProgramFromTheInterface() throws Exception {
        MeshFilter first = buildB(Action.DENY);
        int program = first.program().info().id();
        int namesMap = Bpftool.json("map", "show", "pinned", pinDir.resolve("identity_names").toString()).path("id").asInt();
        int counters = Bpftool.mapIdOf(first.program(), "peer_counters");
        first.close();
        assertTrue(xdpProgram(nodes.nsB(), nodes.ifB()).isPresent());

        List<Path> removed = MeshFilter.uninstall(pinDir);
        assertTrue(removed.contains(pinDir.resolve("link_" + nodes.ifB())), removed.toString());
        assertTrue(removed.contains(pinDir.resolve("peer_counters")), removed.toString());
        assertEquals(pinDir, removed.get(removed.size() - 1), "the directory goes last");
        assertFalse(Files.exists(pinDir), "no pin directory left");
        assertEquals(OptionalInt.empty(), xdpProgram(nodes.nsB(), nodes.ifB()), "no XDP program on the interface");
        waitGone("prog", program);
        waitGone("map", namesMap);
        waitGone("map", counters);
        assertEquals(List.of(), MeshFilter.uninstall(pinDir), "uninstalling twice finds nothing");

        MeshFilter again = buildB(Action.DENY); // a fresh install, then the instance's uninstall
        assertFalse(again.adopted(), "nothing was left to adopt");
        int againProgram = again.program().info().id();
        List<Path> removedAgain = again.uninstall();
        assertTrue(removedAgain.contains(pinDir), removedAgain.toString());
        assertFalse(Files.exists(pinDir));
        assertEquals(OptionalInt.empty(), xdpProgram(nodes.nsB(), nodes.ifB()));
        waitGone("prog", againProgram);
    }

    @Test
    void detachInPinnedModeRemovesThatLinkOnlyAndUnpinnedModeLeavesNothing() throws Exception {
        MeshFilter b = buildB(Action.DENY);
        try {
            assertTrue(b.detach(nodes.ifB()));
            assertFalse(Files.exists(pinDir.resolve("link_" + nodes.ifB())));
            assertEquals(OptionalInt.empty(), xdpProgram(nodes.nsB(), nodes.ifB()));
        } finally {
            b.close();
        }
        assertTrue(Files.exists(pinDir.resolve("peer_counters")), "the maps stay pinned");

        try (MeshFilter unpinned = NetNs.run(nodes.nsB(), () -> MeshFilter.builder().attach(nodes.ifB()).build())) {
            assertTrue(unpinned.pinDir().isEmpty());
            assertFalse(unpinned.adopted());
            assertTrue(xdpProgram(nodes.nsB(), nodes.ifB()).isPresent());
        }
        assertEquals(OptionalInt.empty(), xdpProgram(nodes.nsB(), nodes.ifB()), "unpinned: nothing outlives close");
    }

    @Test
    void aPinnedLinkWhoseInterfaceWentAwayIsDroppedAtAdoption() throws Exception {
        buildB(Action.DENY).close();
        Commands.run("ip", "-n", nodes.nsB(), "link", "del", nodes.ifB());
        try (MeshFilter b = MeshFilter.builder().pinDir(pinDir).build()) {
            assertTrue(b.adopted(), "the maps are adopted");
            assertEquals(List.of(), b.interfaces(), "the dead link is not");
            assertFalse(Files.exists(pinDir.resolve("link_" + nodes.ifB())), "and its pin is gone");
            assertEquals(Set.of(NODE_A, INTRUDER), b.identities().adopted());
        }
    }

    /** The id of the XDP program attached to {@code ifname} in {@code ns}, from {@code ip -j -d link show}. */
    static OptionalInt xdpProgram(String ns, String ifname) {
        JsonNode link = json(Commands.inNetns(ns, "ip", "-j", "-d", "link", "show", "dev", ifname)).path(0);
        JsonNode id = link.path("xdp").path("prog").path("id");
        return id.isMissingNode() ? OptionalInt.empty() : OptionalInt.of(id.asInt());
    }

    /** Packets the veth end {@code ifname} in {@code ns} dropped on transmit (its peer's ring was full). */
    static long txDropped(String ns, String ifname) {
        return json(Commands.inNetns(ns, "ip", "-j", "-s", "link", "show", "dev", ifname)).path(0).path("stats64")
                .path("tx").path("dropped").asLong();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the kernel has freed the program or map {@code id} (freeing is deferred). */
    private static void waitGone(String kind, int id) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Commands.run("bpftool", kind, "show", "id", Integer.toString(id));
            } catch (IllegalStateException gone) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(kind + " id " + id + " still exists after uninstall");
    }

    /** Descriptors of this process that refer to BPF objects (programs, maps, links). */
    static long bpfFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("anon_inode:bpf");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    static DatagramSocket bound(String address, int port) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        s.setSoTimeout(200);
        return s;
    }

    private static boolean sendOne(DatagramSocket from) {
        try {
            from.send(new DatagramPacket(new byte[16], 16, new InetSocketAddress(InetAddress.ofLiteral(TwoNodes.B), PORT)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void send(DatagramSocket from, int count) {
        for (int i = 0; i < count; i++) {
            if (!sendOne(from)) {
                throw new IllegalStateException("send failed");
            }
        }
    }
}
