package io.ebpf4j.map;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix, the key of an LPM trie: {@code struct bpf_lpm_trie_key { __u32 prefixlen;
 * __u8 data[]; }} with the prefix length in host order and the address bytes in network (big-endian)
 * order. Host bits beyond the prefix are cleared, so {@code 10.1.2.3/8} equals {@code 10.0.0.0/8}.
 *
 * @param address      4 or 16 address bytes, network order (copied)
 * @param prefixLength 0..32 or 0..128
 */
public record Cidr(byte[] address, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(address, "address");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + address.length * 8);
        }
        address = mask(address.clone(), prefixLength);
    }

    /**
     * Parses {@code "10.0.0.0/8"}, {@code "2001:db8::/32"}, or a bare address (full-length prefix).
     * Only literals are accepted: nothing is looked up in DNS.
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text.strip() : text.substring(0, slash).strip();
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(addr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address literal in CIDR '" + text + "'", e);
        }
        byte[] bytes = a.getAddress();
        int len = bytes.length * 8;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(text.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in CIDR '" + text + "'", e);
            }
        }
        return new Cidr(bytes, len);
    }

    /** The full-length prefix of one address (what LPM lookups match against). */
    public static Cidr of(InetAddress address) {
        byte[] b = address.getAddress();
        return new Cidr(b, b.length * 8);
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** 4 for IPv4, 16 for IPv6. */
    public int addressBytes() {
        return address.length;
    }

    /** The LPM trie key size: 4 + address bytes. */
    public int keySize() {
        return 4 + address.length;
    }

    /** Whether {@code other} lies within this prefix. */
    public boolean contains(Cidr other) {
        return other.address.length == address.length && other.prefixLength >= prefixLength
                && Arrays.equals(mask(other.address.clone(), prefixLength), address);
    }

    /** The codec for LPM trie keys of IPv4 (4) or IPv6 (16) addresses. */
    public static Codec<Cidr> codec(int addressBytes) {
        if (addressBytes != 4 && addressBytes != 16) {
            throw new IllegalArgumentException("address size must be 4 or 16, not " + addressBytes);
        }
        return new Codec<>() {
            @Override
            public int size() {
                return 4 + addressBytes;
            }

            @Override
            public int alignment() {
                return 4;
            }

            @Override
            public void encode(Cidr c, MemorySegment s, long o) {
                if (c.address.length != addressBytes) {
                    throw new IllegalArgumentException(c + " is not an IPv" + (addressBytes == 4 ? 4 : 6) + " prefix");
                }
                s.set(ValueLayout.JAVA_INT_UNALIGNED, o, c.prefixLength);
                MemorySegment.copy(c.address, 0, s, ValueLayout.JAVA_BYTE, o + 4, addressBytes);
            }

            @Override
            public Cidr decode(MemorySegment s, long o) {
                byte[] a = new byte[addressBytes];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, o + 4, a, 0, addressBytes);
                return new Cidr(a, s.get(ValueLayout.JAVA_INT_UNALIGNED, o));
            }

            @Override
            public String toString() {
                return "cidr(" + addressBytes + ")";
            }
        };
    }

    private static byte[] mask(byte[] a, int prefix) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            a[i] &= (byte) (0xFF << (8 - keep));
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
