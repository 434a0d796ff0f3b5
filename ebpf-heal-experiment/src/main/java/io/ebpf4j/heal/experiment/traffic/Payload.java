package io.ebpf4j.heal.experiment.traffic;

import java.nio.ByteBuffer;

/** The request body: magic, flow id, sequence number, then a fixed filler, {@code size} bytes in all. */
final class Payload {
    static final int MAGIC = 0xE4_1ECC_0;

    private Payload() {}

    static void write(ByteBuffer b, int flowId, long seq, int size) {
        b.clear();
        b.putInt(MAGIC).putInt(flowId).putLong(seq);
        for (int i = b.position(); i < size; i++) {
            b.put((byte) (i * 31 + flowId));
        }
        b.flip();
    }

    /** The sequence number of an echo of flow {@code flowId}'s request, or -1 when it is not one. */
    static long seqOf(ByteBuffer b, int flowId, int size) {
        if (b.remaining() != size || b.getInt(b.position()) != MAGIC || b.getInt(b.position() + 4) != flowId) {
            return -1;
        }
        for (int i = 16; i < size; i++) {
            if (b.get(b.position() + i) != (byte) (i * 31 + flowId)) {
                return -1;
            }
        }
        return b.getLong(b.position() + 8);
    }
}
