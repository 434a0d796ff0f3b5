package io.ebpf4j.bench;

import io.ebpf4j.hooks.mesh.ProbePayload;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frames {@link MeshCost} runs the mesh filter on, one per kind of traffic it handles. Addresses
 * match the identities {@link MeshCost} registers: 10.1.0.0/16 and fd00:1::/64 allowed, 10.2.0.0/16
 * denied, everything else unknown. Checksums are left zero except where the filter reads them (it
 * reads none of them: it rewrites the probe's UDP checksum from scratch and never verifies one).
 */
final class MeshFrames {
    static final int PROBE_PORT = 7946;
    static final int NODE_TAG = 0x0e0f4a11;
    private static final byte[] DST_MAC = {2, 0, 0, 0, 0, 1};
    private static final byte[] SRC_MAC = {2, 0, 0, 0, 0, 2};

    private MeshFrames() {}

    /** Frame kind to frame, in the order the table prints them. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        byte[] tcpAllowed = l2(0x0800, v4(new int[] {10, 1, 0, 5}, 6, tcp()));
        f.put("ipv4_tcp_allowed", tcpAllowed);
        f.put("ipv4_tcp_denied", l2(0x0800, v4(new int[] {10, 2, 0, 5}, 6, tcp())));
        f.put("ipv4_udp_unknown", l2(0x0800, v4(new int[] {192, 168, 77, 9}, 17, udp(40000, 53, new byte[32]))));
        f.put("ipv6_udp_allowed", l2(0x86dd, v6(17, udp(40000, 53, new byte[32]))));
        f.put("vlan_ipv4_tcp", tagged(new int[] {0x8100}, 0x0800, v4(new int[] {10, 1, 0, 5}, 6, tcp())));
        byte[] inner = l2(0x0800, v4(new int[] {10, 1, 0, 5}, 6, tcp()));
        f.put("batman_ipv4_tcp", tagged(new int[0], 0x4305, ByteBuffer.allocate(10 + inner.length)
                .put((byte) 0x40).put((byte) 15).put((byte) 50).put((byte) 7).put(DST_MAC).put(inner).array()));
        f.put("probe_request", probe(ProbePayload.request(1, 0x77, 1, System.nanoTime()), 40001, PROBE_PORT));
        f.put("probe_reply", probe(new ProbePayload(ProbePayload.REPLY, 1, NODE_TAG, 1, System.nanoTime()), PROBE_PORT,
                40001));
        return f;
    }

    /** The XDP verdict the filter gives each kind (XDP_DROP 1, XDP_PASS 2, XDP_TX 3). */
    static int verdict(String kind) {
        return switch (kind) {
            case "ipv4_tcp_denied", "probe_reply" -> 1;
            case "probe_request" -> 3;
            default -> 2;
        };
    }

    /** A probe frame from 10.1.0.5 (the allowed identity) with {@code p} as its UDP payload. */
    static byte[] probeFrame(ProbePayload p, int sport, int dport) {
        return probe(p, sport, dport);
    }

    private static byte[] probe(ProbePayload p, int sport, int dport) {
        return l2(0x0800, v4(new int[] {10, 1, 0, 5}, 17, udp(sport, dport, p.encode())));
    }

    private static byte[] l2(int ethertype, byte[] payload) {
        return tagged(new int[0], ethertype, payload);
    }

    private static byte[] tagged(int[] tpids, int ethertype, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tpids.length + payload.length).put(DST_MAC).put(SRC_MAC);
        for (int tpid : tpids) {
            b.putShort((short) tpid).putShort((short) 42);
        }
        return b.putShort((short) ethertype).put(payload).array();
    }

    private static byte[] v4(int[] src, int protocol, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length))
                .putInt(0).put((byte) 64).put((byte) protocol).putShort((short) 0);
        for (int octet : src) {
            b.put((byte) octet);
        }
        return b.put(new byte[] {10, 0, 0, 1}).put(l4).array();
    }

    private static byte[] v6(int nextHeader, byte[] l4) {
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        src[0] = dst[0] = (byte) 0xfd;
        src[3] = 1; // fd00:1::5
        src[15] = 5;
        dst[15] = 1;
        return ByteBuffer.allocate(40 + l4.length).putInt(0x60000000).putShort((short) l4.length).put((byte) nextHeader)
                .put((byte) 64).put(src).put(dst).put(l4).array();
    }

    private static byte[] tcp() {
        return ByteBuffer.allocate(20).putShort((short) 40000).putShort((short) 443).putInt(1).putInt(0).put((byte) 0x50)
                .put((byte) 0x02).putShort((short) 1024).putInt(0).array();
    }

    private static byte[] udp(int sport, int dport, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putShort((short) sport).putShort((short) dport)
                .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array();
    }
}
