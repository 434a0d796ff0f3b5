package io.ebpf4j.hooks.mesh;

/** Internet checksums (RFC 1071) for building and verifying test frames. */
final class Checksums {
    private Checksums() {}

    static long sum(byte[] data, int off, int len, long seed) {
        long s = seed;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((data[off + i] & 0xff) << 8) | (data[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (data[off + len - 1] & 0xff) << 8;
        }
        return s;
    }

    static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    /** Whether the IPv4 header at {@code off} sums to 0xffff. */
    static boolean ipv4HeaderValid(byte[] f, int off) {
        int hlen = (f[off] & 0x0f) * 4;
        return fold(sum(f, off, hlen, 0)) == 0xffff;
    }

    /** The UDP pseudo-header + datagram sum of the IP packet at {@code ipOff} (0xffff when valid). */
    static int udpSum(byte[] f, int ipOff) {
        boolean v4 = (f[ipOff] >> 4) == 4;
        int udpOff = v4 ? ipOff + (f[ipOff] & 0x0f) * 4 : ipOff + 40;
        int udpLen = ((f[udpOff + 4] & 0xff) << 8) | (f[udpOff + 5] & 0xff);
        long s = v4 ? sum(f, ipOff + 12, 8, 0) : sum(f, ipOff + 8, 32, 0);
        s += 17 + udpLen;
        s = sum(f, udpOff, udpLen, s);
        return fold(s);
    }

    /** Writes a correct UDP checksum into the IP packet at {@code ipOff}. */
    static void fixUdp(byte[] f, int ipOff) {
        boolean v4 = (f[ipOff] >> 4) == 4;
        int udpOff = v4 ? ipOff + (f[ipOff] & 0x0f) * 4 : ipOff + 40;
        f[udpOff + 6] = 0;
        f[udpOff + 7] = 0;
        int c = ~udpSum(f, ipOff) & 0xffff;
        if (c == 0) {
            c = 0xffff;
        }
        f[udpOff + 6] = (byte) (c >> 8);
        f[udpOff + 7] = (byte) c;
    }
}
