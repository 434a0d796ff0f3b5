package io.ebpf4j.hooks.mesh;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012), the MAC of mesh
 * probes: the XDP program computes the same function over the same 32 bytes (mesh_filter.bpf.c,
 * {@code siphash32}), so this is the project's own half of a wire format, not a general-purpose hash.
 * Checked against the reference vectors in {@code SipHashTest}.
 */
final class SipHash {
    private SipHash() {}

    /** The key's two words: the little-endian readings of bytes 0..7 and 8..15. */
    static long[] key(byte[] secret) {
        if (secret.length != 16) {
            throw new IllegalArgumentException("a SipHash key has 16 bytes, not " + secret.length);
        }
        return new long[] {le64(secret, 0), le64(secret, 8)};
    }

    /** SipHash-2-4 of {@code data[off .. off+len)} under key {@code (k0, k1)}. */
    static long hash(long k0, long k1, byte[] data, int off, int len) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
                0x7465646279746573L ^ k1};
        int whole = len & ~7;
        for (int i = 0; i < whole; i += 8) {
            compress(v, le64(data, off + i));
        }
        long last = ((long) len) << 56;
        for (int i = 0; i < (len & 7); i++) {
            last |= (data[off + whole + i] & 0xffL) << (8 * i);
        }
        compress(v, last);
        v[2] ^= 0xff;
        for (int r = 0; r < 4; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    /** One message word: two SipRounds. */
    private static void compress(long[] v, long m) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
