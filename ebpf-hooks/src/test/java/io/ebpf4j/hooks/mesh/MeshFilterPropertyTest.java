package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and damaged frames through BPF_PROG_TEST_RUN. The verifier accepted the program (it loads),
 * so no packet access is out of bounds; here: the verdict and every counter equal the reference
 * model's, and nothing is ever dropped unless it parsed fully and its source is denied (or it is a
 * probe reply for this node: counted, or refused as replayed or stale by the replay window).
 */
class MeshFilterPropertyTest {
    private static MeshFixture allowDefault;
    private static MeshFixture denyDefault;

    private static final List<InetAddress> SOURCES4 = List.of(ip("10.1.0.5"), ip("10.2.0.5"), ip("10.3.0.5"),
            ip("10.1.99.1"), ip("10.9.9.9"));
    private static final List<InetAddress> SOURCES6 = List.of(ip("fd00:1::5"), ip("fd00:2::5"), ip("fd00:9::9"));

    @BeforeContainer
    static void load() {
        allowDefault = new MeshFixture(Action.ALLOW);
        denyDefault = new MeshFixture(Action.DENY);
        for (MeshFixture fx : List.of(allowDefault, denyDefault)) {
            fx.rule(MeshFixture.ALLOWED, IpProtocol.UDP, 53, Action.DENY);
            fx.rule(MeshFixture.DENIED, IpProtocol.TCP, 443, Action.ALLOW);
            fx.rule(MeshFixture.NEUTRAL, IpProtocol.ICMP, 0, Action.DENY);
        }
    }

    @AfterContainer
    static void unload() {
        if (allowDefault != null) {
            allowDefault.close();
        }
        if (denyDefault != null) {
            denyDefault.close();
        }
    }

    @Property(tries = 600)
    void kernelAgreesWithTheModelAndNeverDropsByAccident(@ForAll("frames") byte[] frame, @ForAll boolean deny) {
        MeshFixture fx = deny ? denyDefault : allowDefault;
        Model.Verdict v = Expectations.runAndCheck(fx, frame);
        if (v.action() == Model.XDP_DROP) {
            assertTrue(v.kind() == Model.Kind.DENIED || v.kind() == Model.Kind.PROBE_REPLY
                    || v.kind() == Model.Kind.PROBE_REPLAYED || v.kind() == Model.Kind.PROBE_STALE, v.toString());
        }
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> structured = Combinators.combine(l2Tags(), batmanHeader(), l3(), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(14, 400), Arbitraries.integers().between(0, 399))
                .as((tags, bat, l3, damage, cut, flipAt) -> build(tags, bat, l3, damage, cut, flipAt));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(14).ofMaxSize(200);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, structured), net.jqwik.api.Tuple.of(1, random));
    }

    private static byte[] build(int[] tags, int[] bat, byte[][] l3, int damage, int cut, int flipAt) {
        int ethType = l3[0][0] == 4 ? ETH_IP : l3[0][0] == 6 ? ETH_IPV6 : l3[0][0] == 1 ? ETH_ARP : 0x9000;
        byte[] frame;
        if (bat == null) {
            frame = eth(MAC_B, MAC_A, tags, ethType, l3[1]);
        } else {
            byte[] inner = eth(MAC_B, MAC_A, Arrays.copyOf(new int[] {TPID_8021Q, TPID_8021AD}, bat[2]), ethType, l3[1]);
            byte[] b = Frames.batman(MAC_B, inner);
            b[0] = (byte) bat[0];
            b[1] = (byte) bat[1];
            frame = eth(MAC_B, MAC_A, tags, ETH_BATADV, b);
        }
        if (damage == 1 && cut < frame.length) {
            frame = Arrays.copyOf(frame, Math.max(14, cut));
        } else if (damage == 2) {
            frame[Math.min(frame.length - 1, Math.max(12, flipAt % frame.length))] ^= (byte) (1 + flipAt % 255);
        }
        return frame;
    }

    private Arbitrary<int[]> l2Tags() {
        return Arbitraries.of(TPID_8021Q, TPID_8021AD).array(int[].class).ofMaxSize(3);
    }

    /** null (no batman), or {packet type, version, inner tag count}. */
    private Arbitrary<int[]> batmanHeader() {
        Arbitrary<int[]> some = Combinators.combine(Arbitraries.of(0x40, 0x40, 0x41, 0x00, 0x80), Arbitraries.of(15, 15, 14),
                Arbitraries.integers().between(0, 2)).as((t, v, n) -> new int[] {t, v, n});
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(null)), net.jqwik.api.Tuple.of(1, some));
    }

    /** {{family marker}, packet}: 4 / 6 / 1 (ARP) / 0 (other ethertype). */
    private Arbitrary<byte[][]> l3() {
        Arbitrary<Integer> family = Arbitraries.of(4, 4, 6, 6, 1, 0);
        return Combinators.combine(family, Arbitraries.integers().between(0, 100), l4(), Arbitraries.integers().between(0, 10),
                Arbitraries.of(0, 0, 0, 1, 0x2000, 0x4000)).as((fam, pick, l4, opts, frag) -> {
                    byte[] pkt = switch (fam) {
                        case 4 -> ipv4(SOURCES4.get(pick % SOURCES4.size()), ip("10.0.0.1"), l4.protocol(), l4.bytes(),
                                opts, frag);
                        case 6 -> ipv6(SOURCES6.get(pick % SOURCES6.size()), ip("fd00::1"), l4.protocol() == 1 ? 58
                                : l4.protocol(), l4.bytes());
                        default -> new byte[28];
                    };
                    return new byte[][] {{(byte) (int) fam}, pkt};
                });
    }

    record L4(int protocol, byte[] bytes) {}

    private Arbitrary<L4> l4() {
        Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.of(53, 443, 80, MeshFixture.PROBE_PORT),
                Arbitraries.integers().between(0, 65535));
        Arbitrary<byte[]> payload = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40), probe());
        Arbitrary<L4> udp = Combinators.combine(port, port, payload).as((s, d, p) -> new L4(17, udp(s, d, p)));
        Arbitrary<L4> tcp = Combinators.combine(port, port).as((s, d) -> new L4(6, tcp(s, d)));
        Arbitrary<L4> icmp = Arbitraries.just(new L4(1, icmpEcho()));
        Arbitrary<L4> other = Arbitraries.of(0, 47, 132).map(p -> new L4(p, new byte[8]));
        return Arbitraries.oneOf(udp, udp, tcp, icmp, other);
    }

    private Arbitrary<byte[]> probe() {
        return Combinators.combine(Arbitraries.of(1, 2, 3), Arbitraries.integers().between(0, 200),
                Arbitraries.of(MeshFixture.NODE_TAG, 99), Arbitraries.of(40, 40, 41, 39))
                .as((kind, seq, tag, len) -> Arrays.copyOf(new ProbePayload(kind, seq, tag, 1, 1000).encode(), len));
    }
}
