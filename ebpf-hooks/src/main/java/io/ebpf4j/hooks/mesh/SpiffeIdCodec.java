package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Codec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A SPIFFE ID as a map value, {@code struct { u32 length; char text[2048]; }} (2052 bytes, UTF-8, the
 * rest zero): the value of a pinned filter's {@code identity_names} map.
 */
final class SpiffeIdCodec implements Codec<SpiffeId> {
    static final SpiffeIdCodec INSTANCE = new SpiffeIdCodec();
    static final int SIZE = 4 + SpiffeId.MAX_BYTES;

    private SpiffeIdCodec() {}

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public int alignment() {
        return 4;
    }

    @Override
    public void encode(SpiffeId value, MemorySegment segment, long offset) {
        byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
        segment.set(ValueLayout.JAVA_INT_UNALIGNED, offset, text.length);
        MemorySegment.copy(text, 0, segment, ValueLayout.JAVA_BYTE, offset + 4, text.length);
        segment.asSlice(offset + 4 + text.length, SpiffeId.MAX_BYTES - text.length).fill((byte) 0);
    }

    @Override
    public SpiffeId decode(MemorySegment segment, long offset) {
        int length = segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
        if (length <= 0 || length > SpiffeId.MAX_BYTES) {
            throw new IllegalStateException("not a SPIFFE ID entry: length " + length);
        }
        byte[] text = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset + 4, text, 0, length);
        return SpiffeId.parse(new String(text, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SpiffeIdCodec[" + SIZE + " bytes]";
    }
}
