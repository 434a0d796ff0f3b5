package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.TestRunResult;
import io.ebpf4j.features.KernelClock;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The datapath guards through BPF_PROG_TEST_RUN: the MAC the XDP program computes is the Java one,
 * unauthenticated requests are not answered, only authentic fresh replies are counted, keys rotate,
 * the answer budget holds, and identity bindings count and drop.
 */
@RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshGuardsTestRunTest {
    static final SpiffeId PEER = SpiffeId.parse("spiffe://test.mesh/node/peer");
    static final SpiffeId OTHER = SpiffeId.parse("spiffe://test.mesh/node/other");
    static final InetAddress PEER4 = ip("10.1.0.5");
    static final InetAddress OTHER4 = ip("10.3.0.5");
    static final InetAddress DST4 = ip("10.0.0.1");
    static final int PROBE_PORT = 7946;
    static final int TAG = 0x0badcafe;
    static final ProbeKey MESH = ProbeKey.random(1);
    static final ProbeKey PAIR = ProbeKey.random(2);

    MeshFilter filter;
    int peer;

    @BeforeEach
    void load() {
        filter = MeshFilter.builder().probePort(PROBE_PORT).nodeTag(TAG).probeAuth(ProbeKeys.of(MESH)).build();
        peer = filter.identities().register(PEER, "10.1.0.0/16");
        filter.identities().register(OTHER, "10.3.0.0/16");
    }

    @AfterEach
    void close() {
        filter.close();
    }

    private static byte[] request(InetAddress from, ProbePayload p) {
        return eth(ETH_IP, ipv4(from, DST4, 17, udp(40001, PROBE_PORT, p.encode())));
    }

    private static byte[] reply(InetAddress from, ProbePayload p) {
        return eth(ETH_IP, ipv4(from, DST4, 17, udp(PROBE_PORT, 40001, p.encode())));
    }

    private TestRunResult run(byte[] frame, int verdict) {
        TestRunResult r = filter.program().testRun(frame, 1);
        assertEquals(verdict, r.returnValue(), "verdict");
        return r;
    }

    private static ProbePayload payloadOf(TestRunResult r) {
        return ProbePayload.decode(r.dataOut(), 14 + 20 + 8).orElseThrow();
    }

    @Test
    void theMacTheXdpProgramMakesIsTheJavaMac() {
        ProbePayload req = ProbePayload.request(41, 0x77, 3, 123_456_789L).signed(MESH);
        ProbePayload out = payloadOf(run(request(PEER4, req), Model.XDP_TX));
        ProbePayload want = new ProbePayload(ProbePayload.REPLY, req.seq(), req.senderId(), req.targetId(), req.tSendNs())
                .signed(MESH);
        assertEquals(want, out, "reply signed in XDP with the key of the request");
        assertTrue(out.verifies(MESH));
        assertEquals(0xffff, Checksums.udpSum(run(request(PEER4, req), Model.XDP_TX).dataOut(), 14),
                "UDP checksum made after the MAC");

        filter.guards().peerKeys(PEER, ProbeKeys.of(PAIR)); // a key of the pair replaces the mesh's for this peer
        run(request(PEER4, req), Model.XDP_DROP);
        ProbePayload pair = payloadOf(run(request(PEER4, ProbePayload.request(42, 0x77, 3, 5L).signed(PAIR)), Model.XDP_TX));
        assertTrue(pair.verifies(PAIR));
        run(request(OTHER4, req), Model.XDP_TX); // the other peer still uses the mesh key
        assertEquals(3, filter.counters(peer).probesAnswered());
        assertEquals(1, filter.guards().counters(PEER).unauthenticated());
        assertEquals(Optional.of(PAIR), filter.guards().signingKey(peer), "the prober signs with the pair key");
        assertEquals(Optional.of(MESH), filter.guards().signingKey(filter.identities().identity(OTHER).orElseThrow()));
    }

    @Test
    void unsignedForgedAndUnknownKeyRequestsAreNotAnswered() {
        ProbePayload req = ProbePayload.request(1, 0x77, 3, 10L);
        run(request(PEER4, req), Model.XDP_DROP); // unsigned
        run(request(PEER4, req.signed(ProbeKey.random(1))), Model.XDP_DROP); // right id, wrong secret
        run(request(PEER4, req.signed(ProbeKey.random(9))), Model.XDP_DROP); // unknown key id
        ProbePayload signed = req.signed(MESH);
        run(request(PEER4, new ProbePayload(signed.kind(), signed.keyId(), 2, signed.senderId(), signed.targetId(),
                signed.tSendNs(), signed.mac())), Model.XDP_DROP); // a field changed under the MAC
        Counters c = filter.counters(peer);
        assertEquals(0, c.probesAnswered());
        assertEquals(4, c.droppedGuard());
        assertEquals(4, c.packets());
        assertEquals(4, filter.guards().counters(PEER).unauthenticated());
    }

    @Test
    void onlyAuthenticFreshRepliesAreCounted() {
        long sent = KernelClock.nanos() - 1_000_000;
        for (int seq : new int[] {0, 1, 3}) { // 2 is lost
            run(reply(PEER4, replyOf(seq, sent).signed(MESH)), Model.XDP_DROP);
        }
        ProbeStats before = filter.probeStats(peer);
        assertEquals(1, before.lost());
        run(reply(PEER4, replyOf(2, sent)), Model.XDP_DROP); // forged to hide the loss: no MAC
        run(reply(PEER4, replyOf(2, sent).signed(ProbeKey.random(1))), Model.XDP_DROP); // a guessed key
        run(reply(PEER4, replyOf(1, sent).signed(MESH)), Model.XDP_DROP); // a replay of a counted reply
        ProbePayload v = replyOf(2, sent).signed(MESH);
        run(reply(PEER4, new ProbePayload(v.kind(), v.keyId(), v.seq(), v.senderId(), v.targetId(), v.tSendNs() - 50_000_000,
                v.mac())), Model.XDP_DROP); // RTT inflated by moving the send time under the MAC
        assertEquals(before, filter.probeStats(peer), "nothing forged or replayed changed loss or RTT");

        run(reply(PEER4, replyOf(200, sent).signed(MESH)), Model.XDP_DROP);
        run(reply(PEER4, replyOf(136, sent).signed(MESH)), Model.XDP_DROP); // 64 behind the newest: stale
        run(reply(PEER4, replyOf(137, sent).signed(MESH)), Model.XDP_DROP); // 63 behind: still in the window
        ProbeStats p = filter.probeStats(peer);
        assertEquals(5, p.replies(), p.toString());
        assertEquals(201, p.expected());
        assertEquals(5, p.samples());
        GuardCounters g = filter.guards().counters(PEER);
        assertEquals(new GuardCounters(0, 3, 1, 1, 0, 0), g);
        Counters c = filter.counters(peer);
        assertEquals(5, c.probeReplies());
        assertEquals(5, c.droppedGuard());
        assertEquals(c.packets(), c.probeReplies() + c.droppedGuard());
    }

    @Test
    void keysSignBeforeAuthIsRequiredAndRotateWithoutALostProbe() {
        filter.close();
        filter = MeshFilter.builder().probePort(PROBE_PORT).nodeTag(TAG).build(); // authentication not required
        peer = filter.identities().register(PEER, "10.1.0.0/16");
        ProbePayload unsigned = ProbePayload.request(1, 0x77, 3, 10L);
        assertEquals(0, payloadOf(run(request(PEER4, unsigned), Model.XDP_TX)).mac(), "no keys: nothing signed");
        ProbeKey old = ProbeKey.random(1);
        ProbeKey next = ProbeKey.random(2);
        filter.guards().meshKeys(ProbeKeys.of(old));
        assertTrue(payloadOf(run(request(PEER4, ProbePayload.request(2, 0x77, 3, 10L).signed(old)), Model.XDP_TX))
                .verifies(old), "keys sign replies before any node requires them");
        run(request(PEER4, unsigned), Model.XDP_TX); // not required yet: still answered
        filter.guards().requireProbeAuth(true);
        run(request(PEER4, unsigned), Model.XDP_DROP);
        // rotation: both keys accepted, each reply signed with its request's key
        filter.guards().meshKeys(ProbeKeys.of(old, next));
        assertTrue(payloadOf(run(request(PEER4, ProbePayload.request(3, 0x77, 3, 10L).signed(old)), Model.XDP_TX))
                .verifies(old));
        assertTrue(payloadOf(run(request(PEER4, ProbePayload.request(4, 0x77, 3, 10L).signed(next)), Model.XDP_TX))
                .verifies(next));
        filter.guards().meshKeys(ProbeKeys.of(next, old));
        assertEquals(Optional.of(next), filter.guards().signingKey(peer));
        filter.guards().meshKeys(ProbeKeys.of(next));
        run(request(PEER4, ProbePayload.request(5, 0x77, 3, 10L).signed(old)), Model.XDP_DROP);
        assertEquals(2, filter.guards().counters(PEER).unauthenticated());
    }

    @Test
    void theAnswerBudgetHolds() {
        filter.guards().answerLimit(new AnswerLimit(1, 3)); // 3 at once, then one a second
        long start = System.nanoTime();
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            int v = filter.program().testRun(request(PEER4, ProbePayload.request(i, 0x77, 3, 10L).signed(MESH)), 1)
                    .returnValue();
            answered += v == Model.XDP_TX ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(answered >= 3 && answered <= 3 + Math.ceil(seconds), answered + " answered in " + seconds + " s");
        assertEquals(20 - answered, filter.guards().counters(PEER).rateLimited());
        assertEquals(answered, filter.counters(peer).probesAnswered());
        run(request(OTHER4, ProbePayload.request(0, 0x77, 3, 10L).signed(MESH)), Model.XDP_TX); // its own budget
    }

    @Test
    void bindingsCountAndDropWhatBreaksThem() {
        byte[] fromA = eth(MAC_B, MAC_A, new int[0], ETH_IP, ipv4(PEER4, DST4, 6, tcp(1, 2)));
        byte[] fromElsewhere = eth(MAC_B, new byte[] {2, 0, 0, 0, 0, 0x66}, new int[0], ETH_IP, ipv4(PEER4, DST4, 6, tcp(1, 2)));
        int lo = 1; // a test run's frames come in on the loopback interface of the caller's namespace
        filter.guards().bind(PEER, new IdentityBinding(lo, Optional.of(MAC_A), true));
        run(fromA, Model.XDP_PASS);
        run(fromElsewhere, Model.XDP_DROP);
        filter.guards().bind(PEER, new IdentityBinding(lo + 1000, Optional.empty(), true));
        run(fromA, Model.XDP_DROP);
        filter.guards().bind(PEER, new IdentityBinding(lo, Optional.of(MAC_A), false)); // count only
        run(fromElsewhere, Model.XDP_PASS);
        filter.guards().bind(PEER, null);
        run(fromElsewhere, Model.XDP_PASS);
        assertEquals(new GuardCounters(0, 0, 0, 0, 1, 2), filter.guards().counters(PEER));
        assertEquals(2, filter.counters(peer).droppedGuard());
        assertEquals(3, filter.counters(peer).passed());

        // set before registration, applied at it; removed with the identity, not inherited by the next one
        SpiffeId late = SpiffeId.parse("spiffe://test.mesh/node/late");
        filter.guards().bind(late, new IdentityBinding(lo, Optional.of(MAC_A), true));
        filter.identities().register(late, "10.7.0.0/16");
        byte[] fromLate = eth(MAC_B, new byte[] {2, 0, 0, 0, 0, 0x66}, new int[0], ETH_IP,
                ipv4(ip("10.7.0.1"), DST4, 6, tcp(1, 2)));
        run(fromLate, Model.XDP_DROP);
        filter.identities().remove(late);
        filter.guards().bind(late, null);
        SpiffeId reuse = SpiffeId.parse("spiffe://test.mesh/node/reuse");
        filter.identities().register(reuse, "10.7.0.0/16");
        run(fromLate, Model.XDP_PASS);
        assertFalse(filter.guards().binding(reuse).isPresent());
    }

    private static ProbePayload replyOf(int seq, long sent) {
        return new ProbePayload(ProbePayload.REPLY, seq, TAG, 1, sent);
    }
}
