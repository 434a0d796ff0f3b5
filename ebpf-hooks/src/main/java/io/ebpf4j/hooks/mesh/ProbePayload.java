package io.ebpf4j.hooks.mesh;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The UDP payload of a mesh probe, 32 bytes, all fields in network order:
 * {@code u32 magic, u8 kind, u8 flags, u16 reserved, u32 seq, u32 sender_id, u32 target_id,
 * u32 reserved, u64 t_send_ns}.
 *
 * @param kind     {@link #REQUEST} or {@link #REPLY}
 * @param seq      the sender's sequence number for this peer
 * @param senderId the sender's node tag ({@code node_identity} of its filter)
 * @param targetId the numeric identity the sender gives the probed peer
 * @param tSendNs  CLOCK_MONOTONIC of the sender when sent ({@code bpf_ktime_get_ns()} clock)
 */
public record ProbePayload(int kind, int seq, int senderId, int targetId, long tSendNs) {
    /** "MESH". */
    public static final int MAGIC = 0x4d455348;
    /** Payload size in bytes (UDP length is 8 + SIZE). */
    public static final int SIZE = 32;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    /** A request. */
    public static ProbePayload request(int seq, int senderId, int targetId, long tSendNs) {
        return new ProbePayload(REQUEST, seq, senderId, targetId, tSendNs);
    }

    /** The 32 bytes on the wire. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC).put((byte) kind).put((byte) 0).putShort((short) 0).putInt(seq).putInt(senderId).putInt(targetId)
                .putInt(0).putLong(tSendNs);
        return b.array();
    }

    /** Decodes {@code SIZE} bytes at {@code offset}; empty when the magic is wrong or bytes are missing. */
    public static Optional<ProbePayload> decode(byte[] data, int offset) {
        if (offset < 0 || data.length - offset < SIZE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset, SIZE);
        if (b.getInt() != MAGIC) {
            return Optional.empty();
        }
        int kind = Byte.toUnsignedInt(b.get());
        b.get();
        b.getShort();
        int seq = b.getInt();
        int sender = b.getInt();
        int target = b.getInt();
        b.getInt();
        return Optional.of(new ProbePayload(kind, seq, sender, target, b.getLong()));
    }
}
