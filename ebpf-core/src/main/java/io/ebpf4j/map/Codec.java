package io.ebpf4j.map;

import java.lang.foreign.MemorySegment;

/**
 * Turns Java values into the fixed-size bytes of a map key or value and back. Make them with
 * {@link Codecs}. Codecs are immutable and thread-safe.
 *
 * @param <T> the Java type
 */
public interface Codec<T> {
    /** The encoded size in bytes. */
    int size();

    /** The C alignment of the encoded type when it is a struct member (1, 2, 4 or 8). */
    int alignment();

    /** Writes {@code value} at {@code offset}; {@code size()} bytes are written. */
    void encode(T value, MemorySegment segment, long offset);

    /** Reads a value at {@code offset}. */
    T decode(MemorySegment segment, long offset);
}
