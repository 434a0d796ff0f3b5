package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static io.ebpf4j.hooks.mesh.MeshFixture.ALLOWED;
import static io.ebpf4j.hooks.mesh.MeshFixture.DENIED;
import static io.ebpf4j.hooks.mesh.MeshFixture.NEUTRAL;
import static io.ebpf4j.hooks.mesh.MeshFixture.NODE_TAG;
import static io.ebpf4j.hooks.mesh.MeshFixture.PROBE_PORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.TestRunResult;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.KernelClock;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Crafted frames through BPF_PROG_TEST_RUN: verdicts and counters for every header combination. */
@RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshFilterTestRunTest {
    static final InetAddress A4 = ip("10.1.0.5");
    static final InetAddress D4 = ip("10.2.0.5");
    static final InetAddress N4 = ip("10.3.0.5");
    static final InetAddress U4 = ip("10.9.9.9");
    static final InetAddress DENIED_IN_ALLOWED = ip("10.1.99.7"); // the longer prefix belongs to DENIED
    static final InetAddress DST4 = ip("10.0.0.1");
    static final InetAddress A6 = ip("fd00:1::5");
    static final InetAddress D6 = ip("fd00:2::5");
    static final InetAddress U6 = ip("fd00:9::9");
    static final InetAddress DST6 = ip("fd00::1");

    MeshFixture fx;

    @BeforeEach
    void load() {
        fx = new MeshFixture(Action.ALLOW);
    }

    @AfterEach
    void unload() {
        fx.close();
    }

    static List<Function<InetAddress, byte[]>> v4Kinds() {
        return List.of(s -> ipv4(s, DST4, 6, tcp(40000, 443)), s -> ipv4(s, DST4, 17, udp(40000, 53, new byte[12])),
                s -> ipv4(s, DST4, 1, icmpEcho()), s -> ipv4(s, DST4, 6, tcp(40000, 80), 3, 0));
    }

    static List<Function<InetAddress, byte[]>> v6Kinds() {
        return List.of(s -> ipv6(s, DST6, 6, tcp(40000, 443)), s -> ipv6(s, DST6, 17, udp(40000, 53, new byte[12])),
                s -> ipv6(s, DST6, 58, icmpv6Echo()));
    }

    private int check(byte[] frame, int expectedAction) {
        Model.Verdict v = Expectations.runAndCheck(fx, frame);
        assertEquals(expectedAction, v.action(), "model agrees with the expectation written here");
        return v.action();
    }

    @Test
    void plainIpv4AndIpv6ByIdentity() {
        for (Function<InetAddress, byte[]> k : v4Kinds()) {
            check(eth(ETH_IP, k.apply(A4)), Model.XDP_PASS);
            check(eth(ETH_IP, k.apply(D4)), Model.XDP_DROP);
            check(eth(ETH_IP, k.apply(N4)), Model.XDP_PASS); // registered, no policy: default ALLOW
            check(eth(ETH_IP, k.apply(U4)), Model.XDP_PASS); // unknown: default ALLOW
            check(eth(ETH_IP, k.apply(DENIED_IN_ALLOWED)), Model.XDP_DROP); // longest prefix wins
        }
        for (Function<InetAddress, byte[]> k : v6Kinds()) {
            check(eth(ETH_IPV6, k.apply(A6)), Model.XDP_PASS);
            check(eth(ETH_IPV6, k.apply(D6)), Model.XDP_DROP);
            check(eth(ETH_IPV6, k.apply(U6)), Model.XDP_PASS);
        }
        MeshStats s = fx.filter.stats();
        assertEquals(4 + 3, s.peer(ALLOWED).orElseThrow().traffic().passed());
        assertEquals(4 + 4 + 3, s.peer(DENIED).orElseThrow().traffic().droppedPolicy());
        assertEquals(4 + 3, s.unknownSource().passed());
        assertEquals(4 * 5, s.global().ipv4());
        assertEquals(3 * 3, s.global().ipv6());
    }

    @Test
    void defaultDenyDropsUnknownAndUnpolicedSources() {
        fx.close();
        fx = new MeshFixture(Action.DENY);
        check(eth(ETH_IP, ipv4(U4, DST4, 6, tcp(1, 2))), Model.XDP_DROP);
        check(eth(ETH_IP, ipv4(N4, DST4, 6, tcp(1, 2))), Model.XDP_DROP);
        check(eth(ETH_IP, ipv4(A4, DST4, 6, tcp(1, 2))), Model.XDP_PASS);
        check(eth(ETH_IPV6, ipv6(U6, DST6, 17, udp(1, 2, new byte[0]))), Model.XDP_DROP);
        check(eth(ETH_ARP, new byte[28]), Model.XDP_PASS); // not IP: never dropped
        assertEquals(3, fx.filter.stats().global().defaultDenied());
        assertEquals(2, fx.filter.stats().unknownSource().droppedPolicy());
    }

    @Test
    void vlanTagsSingleAndDouble() {
        byte[] ip = ipv4(D4, DST4, 17, udp(5, 6, new byte[4]));
        check(eth(MAC_B, MAC_A, new int[] {TPID_8021Q}, ETH_IP, ip), Model.XDP_DROP);
        check(eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q}, ETH_IP, ip), Model.XDP_DROP);
        check(eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q}, ETH_IPV6, ipv6(A6, DST6, 6, tcp(1, 2))),
                Model.XDP_PASS);
        // a third tag is more than the filter reads: passed as unparsed
        check(eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q, TPID_8021Q}, ETH_IP, ip), Model.XDP_PASS);
        GlobalStats g = fx.filter.stats().global();
        assertEquals(4, g.vlan(), "frames with at least one tag, including the unparsed one");
        assertEquals(1, g.unparsed());
    }

    @Test
    void batmanUnicastWrappingAnInnerFrame() {
        byte[] innerDenied = eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 443)));
        check(eth(ETH_BATADV, batman(MAC_B, innerDenied)), Model.XDP_DROP);
        byte[] innerAllowed = eth(MAC_B, MAC_A, new int[] {TPID_8021Q}, ETH_IPV6, ipv6(A6, DST6, 58, icmpv6Echo()));
        check(eth(MAC_B, MAC_A, new int[] {TPID_8021Q}, ETH_BATADV, batman(MAC_B, innerAllowed)), Model.XDP_PASS);
        byte[] other = batman(MAC_B, innerDenied);
        other[0] = 0x00; // an OGM, not unicast: passed untouched
        check(eth(ETH_BATADV, other), Model.XDP_PASS);
        byte[] oldVersion = batman(MAC_B, innerDenied);
        oldVersion[1] = 14;
        check(eth(ETH_BATADV, oldVersion), Model.XDP_PASS);
        GlobalStats g = fx.filter.stats().global();
        assertEquals(2, g.batman());
        assertEquals(2, g.unparsed());
    }

    @Test
    void ipv4FragmentsAndUnknownProtocolsFollowTheIdentity() {
        check(eth(ETH_IP, ipv4(D4, DST4, 17, new byte[16], 0, 185)), Model.XDP_DROP); // non-first fragment
        check(eth(ETH_IP, ipv4(A4, DST4, 17, new byte[3], 0, 185)), Model.XDP_PASS);
        check(eth(ETH_IP, ipv4(D4, DST4, 47, new byte[4])), Model.XDP_DROP); // GRE
        check(eth(ETH_IPV6, ipv6(D6, DST6, 0, new byte[8])), Model.XDP_DROP); // hop-by-hop: not walked
    }

    @Test
    void truncatedFramesAtEveryLengthPassAndAreCounted() {
        List<byte[]> frames = List.of(
                eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 2))),
                eth(ETH_IP, ipv4(D4, DST4, 17, udp(1, 2, new byte[0]), 2, 0)),
                eth(ETH_IP, ipv4(D4, DST4, 1, icmpEcho())),
                eth(ETH_IPV6, ipv6(D6, DST6, 6, tcp(1, 2))),
                eth(ETH_IPV6, ipv6(D6, DST6, 58, icmpv6Echo())),
                eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q}, ETH_IP, ipv4(D4, DST4, 17, udp(1, 2, new byte[0]))),
                eth(ETH_BATADV, batman(MAC_B, eth(MAC_B, MAC_A, new int[] {TPID_8021Q}, ETH_IPV6,
                        ipv6(D6, DST6, 17, udp(1, 2, new byte[0]))))));
        int malformedL4 = 0;
        for (byte[] full : frames) {
            check(full, Model.XDP_DROP);
            for (int len = 14; len < full.length; len++) {
                Model.Verdict v = Expectations.runAndCheck(fx, Arrays.copyOf(full, len));
                assertEquals(Model.XDP_PASS, v.action(), "truncated to " + len);
                assertTrue(v.kind() == Model.Kind.MALFORMED_L2 || v.kind() == Model.Kind.MALFORMED_L4, v.toString());
                malformedL4 += v.kind() == Model.Kind.MALFORMED_L4 ? 1 : 0;
            }
        }
        assertEquals(malformedL4, fx.filter.stats().peer(DENIED).orElseThrow().traffic().malformed());
        assertTrue(malformedL4 > 0);
    }

    @Test
    void insaneHeadersPass() {
        byte[] badIhl = eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 2)));
        badIhl[14] = 0x44; // IHL 4 < 5
        check(badIhl, Model.XDP_PASS);
        byte[] badVersion = eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 2)));
        badVersion[14] = 0x65;
        check(badVersion, Model.XDP_PASS);
        byte[] badDoff = eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 2)));
        badDoff[14 + 20 + 12] = 0x40;
        check(badDoff, Model.XDP_PASS);
        byte[] badUdpLen = eth(ETH_IP, ipv4(D4, DST4, 17, udp(1, 2, new byte[0])));
        badUdpLen[14 + 20 + 5] = 7;
        check(badUdpLen, Model.XDP_PASS);
        byte[] badV6 = eth(ETH_IPV6, ipv6(D6, DST6, 6, tcp(1, 2)));
        badV6[14] = 0x40;
        check(badV6, Model.XDP_PASS);
        GlobalStats g = fx.filter.stats().global();
        assertEquals(3, g.malformed());
        assertEquals(2, fx.filter.stats().peer(DENIED).orElseThrow().traffic().malformed());
    }

    @Test
    void policyAndPortRulesChangeWithoutReload() {
        byte[] dns = eth(ETH_IP, ipv4(A4, DST4, 17, udp(40000, 53, new byte[4])));
        byte[] other = eth(ETH_IP, ipv4(A4, DST4, 17, udp(40000, 54, new byte[4])));
        byte[] web = eth(ETH_IP, ipv4(A4, DST4, 6, tcp(40000, 443)));
        int programId = fx.filter.program().info().id();
        check(dns, Model.XDP_PASS);
        fx.deny(ALLOWED);
        check(dns, Model.XDP_DROP);
        fx.allow(ALLOWED);
        fx.rule(ALLOWED, IpProtocol.UDP, 53, Action.DENY);
        check(dns, Model.XDP_DROP);
        check(other, Model.XDP_PASS);
        fx.rule(ALLOWED, IpProtocol.TCP, 0, Action.DENY);
        check(web, Model.XDP_DROP);
        fx.rule(DENIED, IpProtocol.TCP, 443, Action.ALLOW); // a hole in a denied identity
        check(eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 443))), Model.XDP_PASS);
        check(eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 444))), Model.XDP_DROP);
        fx.rule(ALLOWED, IpProtocol.UDP, 53, null);
        fx.rule(ALLOWED, IpProtocol.TCP, 0, null);
        check(dns, Model.XDP_PASS);
        check(web, Model.XDP_PASS);
        assertEquals(programId, fx.filter.program().info().id(), "same program throughout");
    }

    @Test
    void identitiesMoveAndDisappearAtRunTime() {
        byte[] fromN = eth(ETH_IP, ipv4(N4, DST4, 6, tcp(1, 2)));
        fx.deny(NEUTRAL);
        check(fromN, Model.XDP_DROP);
        fx.register(ALLOWED, "10.1.0.0/16", "fd00:1::/64", "10.3.0.0/16"); // takes NEUTRAL's prefix over
        check(fromN, Model.XDP_PASS);
        assertEquals(java.util.Set.of(), fx.filter.identities().cidrs(NEUTRAL));
        fx.filter.identities().remove(DENIED);
        fx.model.prefixes.values().removeIf(v -> v == 2);
        check(eth(ETH_IP, ipv4(D4, DST4, 6, tcp(1, 2))), Model.XDP_PASS); // now an unknown source
        check(eth(ETH_IP, ipv4(DENIED_IN_ALLOWED, DST4, 6, tcp(1, 2))), Model.XDP_PASS);
    }

    @Test
    void probeRequestIsAnsweredInPlace() {
        for (boolean v6 : new boolean[] {false, true}) {
            for (int variant = 0; variant < 3; variant++) {
                ProbePayload req = ProbePayload.request(41, 0x77, 3, 123_456_789L);
                byte[] udp = udp(40001, PROBE_PORT, req.encode());
                byte[] ipPkt = v6 ? ipv6(A6, DST6, 17, udp) : ipv4(A4, DST4, 17, udp);
                int ethType = v6 ? ETH_IPV6 : ETH_IP;
                byte[] frame = switch (variant) {
                    case 0 -> eth(ethType, ipPkt);
                    case 1 -> eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q}, ethType, ipPkt);
                    default -> eth(ETH_BATADV, batman(MAC_B, eth(MAC_B, MAC_A, new int[0], ethType, ipPkt)));
                };
                Expectations.runAndCheck(fx, frame);
                TestRunResult r = fx.run(frame);
                assertEquals(Model.XDP_TX, r.returnValue());
                byte[] out = r.dataOut();
                assertEquals(frame.length, out.length);
                assertArrayEquals(MAC_A, Arrays.copyOfRange(out, 0, 6), "destination is the old source");
                assertArrayEquals(MAC_B, Arrays.copyOfRange(out, 6, 12));
                int ipOff = frame.length - ipPkt.length;
                if (variant == 2) {
                    assertArrayEquals(MAC_A, Arrays.copyOfRange(out, 14 + 4, 14 + 10), "batman dest = the neighbour");
                    assertArrayEquals(MAC_A, Arrays.copyOfRange(out, 24, 30), "inner MACs swapped");
                    assertArrayEquals(MAC_B, Arrays.copyOfRange(out, 30, 36));
                }
                int srcOff = ipOff + (v6 ? 8 : 12);
                int alen = v6 ? 16 : 4;
                assertArrayEquals(Arrays.copyOfRange(frame, srcOff + alen, srcOff + 2 * alen),
                        Arrays.copyOfRange(out, srcOff, srcOff + alen), "source is the old destination");
                assertArrayEquals(Arrays.copyOfRange(frame, srcOff, srcOff + alen),
                        Arrays.copyOfRange(out, srcOff + alen, srcOff + 2 * alen));
                int udpOff = ipOff + (v6 ? 40 : 20);
                assertEquals(PROBE_PORT, Model.u16(out, udpOff));
                assertEquals(40001, Model.u16(out, udpOff + 2));
                ProbePayload reply = ProbePayload.decode(out, udpOff + 8).orElseThrow();
                assertEquals(new ProbePayload(ProbePayload.REPLY, 41, 0x77, 3, 123_456_789L), reply);
                if (!v6) {
                    assertTrue(Checksums.ipv4HeaderValid(out, ipOff), "IPv4 header checksum");
                }
                assertNotEquals(0, Model.u16(out, udpOff + 6));
                assertEquals(0xffff, Checksums.udpSum(out, ipOff), "UDP checksum valid");
            }
        }
        assertEquals(12, fx.filter.counters(fx.id(ALLOWED)).probesAnswered());
    }

    @Test
    void probeRepliesBecomeRttSamples() {
        int peer = fx.id(ALLOWED);
        long sentAt = KernelClock.nanos() - 1_000_000; // "sent" 1 ms ago
        for (int seq : new int[] {0, 1, 3, 4}) { // 2 is lost
            byte[] udp = udp(PROBE_PORT, 40001, new ProbePayload(ProbePayload.REPLY, seq, NODE_TAG, peer, sentAt).encode());
            check(eth(ETH_IP, ipv4(A4, DST4, 17, udp)), Model.XDP_DROP);
        }
        byte[] foreign = udp(PROBE_PORT, 40001, new ProbePayload(ProbePayload.REPLY, 9, NODE_TAG + 1, peer, sentAt).encode());
        check(eth(ETH_IP, ipv4(A4, DST4, 17, foreign)), Model.XDP_PASS);
        byte[] future = udp(PROBE_PORT, 40001, new ProbePayload(ProbePayload.REPLY, 5, NODE_TAG, peer,
                KernelClock.nanos() + 60_000_000_000L).encode());
        check(eth(ETH_IP, ipv4(A4, DST4, 17, future)), Model.XDP_DROP);
        byte[] badKind = udp(PROBE_PORT, 40001, new ProbePayload(7, 5, NODE_TAG, peer, sentAt).encode());
        check(eth(ETH_IP, ipv4(A4, DST4, 17, badKind)), Model.XDP_PASS);

        ProbeStats p = fx.filter.stats().peer(ALLOWED).orElseThrow().probe();
        assertEquals(5, p.replies());
        assertEquals(6, p.expected());
        assertEquals(1, p.lost());
        assertEquals(1, p.clockErrors());
        assertEquals(4, p.samples());
        assertTrue(p.minRttNs() >= 1_000_000 && p.minRttNs() < 10_000_000_000L, p.toString());
        assertTrue(p.lastRttNs() >= p.minRttNs(), p.toString());
        long[] h = p.histogram();
        int bucket = 63 - Long.numberOfLeadingZeros(p.minRttNs());
        assertTrue(h[bucket] >= 1, "the smallest sample lies in bucket " + bucket + ": " + Arrays.toString(h));
        GlobalStats g = fx.filter.stats().global();
        assertEquals(1, g.probeForeign());
        assertEquals(1, g.probeMalformed());
    }

    @Test
    void requirementsAreMetHereAndCloseIsFinal() {
        assertTrue(MeshFilter.check().ok(), MeshFilter.check().describe());
        MeshFilter f = MeshFilter.builder().build();
        assertEquals(Action.ALLOW, f.defaultAction());
        assertEquals(0, f.probePort());
        assertNotEquals(0, f.nodeTag());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> f.prober().start(),
                "no probe port");
        f.close();
        f.close();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, f::stats);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MeshFilter.builder().probePort(70000));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> fx.filter.rule(ALLOWED, IpProtocol.ICMP, 7, Action.DENY), "ICMP has no ports");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> fx.filter.prober()
                .target(io.ebpf4j.hooks.identity.SpiffeId.parse("spiffe://test.mesh/unregistered"), DST4).start());
    }

    @Test
    void deniedPeersProbesAreDroppedByPolicy() {
        byte[] udp = udp(40001, PROBE_PORT, ProbePayload.request(0, 1, 1, 1).encode());
        check(eth(ETH_IP, ipv4(D4, DST4, 17, udp)), Model.XDP_DROP);
        assertEquals(0, fx.filter.counters(fx.id(DENIED)).probesAnswered());
    }
}
