package io.ebpf4j.hooks.mesh;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds test frames layer by layer (network order), with valid IPv4 header and UDP checksums. */
final class Frames {
    static final byte[] MAC_A = {2, 0, 0, 0, 0, 0x0a};
    static final byte[] MAC_B = {2, 0, 0, 0, 0, 0x0b};
    static final int ETH_IP = 0x0800;
    static final int ETH_IPV6 = 0x86dd;
    static final int ETH_ARP = 0x0806;
    static final int TPID_8021Q = 0x8100;
    static final int TPID_8021AD = 0x88a8;
    static final int ETH_BATADV = 0x4305;

    private Frames() {}

    /** Ethernet with optional VLAN tags (outermost first), then {@code ethertype} and payload. */
    static byte[] eth(byte[] dst, byte[] src, int[] tpids, int ethertype, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(dst);
        out.writeBytes(src);
        for (int i = 0; i < tpids.length; i++) {
            putShort(out, tpids[i]);
            putShort(out, 100 + i); // TCI: VLAN id
        }
        putShort(out, ethertype);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] eth(int ethertype, byte[] payload) {
        return eth(MAC_B, MAC_A, new int[0], ethertype, payload);
    }

    /** batman-adv unicast (type 0x40, version 15) carrying {@code inner} (an Ethernet frame). */
    static byte[] batman(byte[] dest, byte[] inner) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x40);
        out.write(15);
        out.write(50); // ttl
        out.write(7); // ttvn
        out.writeBytes(dest);
        out.writeBytes(inner);
        return out.toByteArray();
    }

    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] l4) {
        return ipv4(src, dst, protocol, l4, 0, 0);
    }

    /** IPv4 with {@code optionWords} 4-byte NOP options and the given fragment offset (8-byte units). */
    static byte[] ipv4(InetAddress src, InetAddress dst, int protocol, byte[] l4, int optionWords, int fragOffset) {
        int hlen = 20 + optionWords * 4;
        ByteBuffer b = ByteBuffer.allocate(hlen + l4.length);
        b.put((byte) (0x40 | (hlen / 4))).put((byte) 0).putShort((short) (hlen + l4.length)).putShort((short) 0x1234)
                .putShort((short) fragOffset).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(src.getAddress()).put(dst.getAddress());
        for (int i = 0; i < optionWords * 4; i++) {
            b.put((byte) 1);
        }
        byte[] header = new byte[hlen];
        System.arraycopy(b.array(), 0, header, 0, hlen);
        int sum = ~Checksums.fold(Checksums.sum(header, 0, hlen, 0)) & 0xffff;
        b.putShort(10, (short) sum);
        b.position(hlen);
        b.put(l4);
        byte[] out = b.array();
        if (protocol == 17 && l4.length >= 8 && fragOffset == 0) {
            Checksums.fixUdp(out, 0);
        }
        return out;
    }

    static byte[] ipv6(InetAddress src, InetAddress dst, int nextHeader, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) nextHeader).put((byte) 64).put(src.getAddress())
                .put(dst.getAddress()).put(l4);
        byte[] out = b.array();
        if (nextHeader == 17 && l4.length >= 8) {
            Checksums.fixUdp(out, 0);
        }
        return out;
    }

    static byte[] tcp(int sport, int dport) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) sport).putShort((short) dport).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 1024).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return b.array();
    }

    static byte[] icmpEcho() {
        return new byte[] {8, 0, 0, 0, 0, 1, 0, 1};
    }

    static byte[] icmpv6Echo() {
        return new byte[] {(byte) 128, 0, 0, 0, 0, 1, 0, 1};
    }

    static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private static void putShort(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xff);
        out.write(v & 0xff);
    }
}
