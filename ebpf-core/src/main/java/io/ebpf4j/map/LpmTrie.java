package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An LPM_TRIE map keyed by {@link Cidr}: {@link #put} prefixes, {@link #match} the longest prefix
 * containing an address. Thread-safety as {@link BpfMap}.
 *
 * @param <V> value type
 */
public final class LpmTrie<V> extends BpfMap<Cidr, V> {
    private final int addressBytes;

    private LpmTrie(RawMap raw, int addressBytes, Codec<V> valueCodec) {
        super(raw, Cidr.codec(addressBytes), valueCodec);
        if (raw.info().type() != MapType.LPM_TRIE) {
            throw new IllegalArgumentException(raw + " is not an LPM trie");
        }
        this.addressBytes = addressBytes;
    }

    /** A view over an LPM trie whose keys hold {@code raw.keySize() - 4} address bytes. */
    public static <V> LpmTrie<V> of(RawMap raw, Codec<V> valueCodec) {
        return new LpmTrie<>(raw, raw.keySize() - 4, valueCodec);
    }

    /** Creates an LPM trie for IPv4 ({@code addressBytes} 4) or IPv6 (16) prefixes. */
    public static <V> LpmTrie<V> create(String name, int addressBytes, Codec<V> valueCodec, int maxEntries) {
        MapSpec spec = MapSpec.lpmTrie(addressBytes, valueCodec.size(), maxEntries).withName(name);
        return RawMap.createViewed(spec, raw -> of(raw, valueCodec));
    }

    /** The value of the longest prefix containing {@code address}, empty when none does. */
    public Optional<V> match(InetAddress address) {
        Cidr full = Cidr.of(address);
        if (full.addressBytes() != addressBytes) {
            throw new IllegalArgumentException(address + " is not an IPv" + (addressBytes == 4 ? 4 : 6) + " address");
        }
        return get(full);
    }
}
