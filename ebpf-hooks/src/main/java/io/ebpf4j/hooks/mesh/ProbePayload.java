package io.ebpf4j.hooks.mesh;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The UDP payload of a mesh probe, 40 bytes, in network order except the MAC:
 * {@code u32 magic, u8 kind, u8 key_id, u16 reserved, u32 seq, u32 sender_id, u32 target_id,
 * u32 reserved, u64 t_send_ns, u64 mac}. The MAC is SipHash-2-4 under key {@code key_id} of the
 * first 32 bytes read as four little-endian words, itself stored little-endian; 0 when probes are not
 * authenticated ({@link MeshFilter.Builder#probeAuth}).
 *
 * @param kind     {@link #REQUEST} or {@link #REPLY}
 * @param keyId    the id of the key the MAC is made with (0 when unsigned)
 * @param seq      the sender's sequence number for this peer
 * @param senderId the sender's node tag ({@code node_identity} of its filter)
 * @param targetId the numeric identity the sender gives the probed peer
 * @param tSendNs  CLOCK_MONOTONIC of the sender when sent ({@code bpf_ktime_get_ns()} clock)
 * @param mac      the MAC (0 when unsigned)
 */
public record ProbePayload(int kind, int keyId, int seq, int senderId, int targetId, long tSendNs, long mac) {
    /** "MESH". */
    public static final int MAGIC = 0x4d455348;
    /** Payload size in bytes (UDP length is 8 + SIZE). */
    public static final int SIZE = 40;
    /** Bytes the MAC covers (the payload before the MAC). */
    public static final int SIGNED = 32;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    /** An unsigned payload. */
    public ProbePayload(int kind, int seq, int senderId, int targetId, long tSendNs) {
        this(kind, 0, seq, senderId, targetId, tSendNs, 0);
    }

    /** An unsigned request. */
    public static ProbePayload request(int seq, int senderId, int targetId, long tSendNs) {
        return new ProbePayload(REQUEST, seq, senderId, targetId, tSendNs);
    }

    /** This payload signed with {@code key}: its id in {@code keyId}, the MAC over the rest. */
    public ProbePayload signed(ProbeKey key) {
        ProbePayload named = new ProbePayload(kind, key.id(), seq, senderId, targetId, tSendNs, 0);
        return new ProbePayload(kind, key.id(), seq, senderId, targetId, tSendNs, key.mac(named.encode(), 0));
    }

    /** Whether {@link #mac()} is the MAC of this payload under {@code key} (whose id must be {@link #keyId()}). */
    public boolean verifies(ProbeKey key) {
        return key.id() == keyId && signed(key).mac() == mac;
    }

    /** The 40 bytes on the wire. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC).put((byte) kind).put((byte) keyId).putShort((short) 0).putInt(seq).putInt(senderId)
                .putInt(targetId).putInt(0).putLong(tSendNs);
        byte[] out = b.array();
        SipHash.putLe64(out, SIGNED, mac);
        return out;
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
        int keyId = Byte.toUnsignedInt(b.get());
        b.getShort();
        int seq = b.getInt();
        int sender = b.getInt();
        int target = b.getInt();
        b.getInt();
        long sent = b.getLong();
        return Optional.of(new ProbePayload(kind, keyId, seq, sender, target, sent, SipHash.le64(data, offset + SIGNED)));
    }
}
