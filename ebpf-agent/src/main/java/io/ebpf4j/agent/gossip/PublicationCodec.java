package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of a {@link Publication}: big-endian, versioned.
 *
 * <pre>
 * u16 magic 0xEB4F, u8 version (1)
 * i32 node, utf name, i64 epoch, i64 seq
 * u8  flags (bit 0: node features follow)
 * [utf peer, f64 dropsPerSec, f64 syscallP99Micros, f64 serviceFailuresPerSec, f64 score, u8 anomalous]
 * u16 edge count, then per edge: i32 to, f64 lossRatio, f64 rttMicros, f64 throughputBps,
 *     f64 retransmitsPerSec, f64 resetsPerSec, f64 score, u8 anomalous
 * </pre>
 *
 * 53 bytes per edge; a node with four links publishes about 300 bytes. A decoder rejects another
 * magic, a version it does not know, and lengths past the limits, so a newer agent's records are
 * skipped by an older one instead of misread.
 */
final class PublicationCodec {
    static final int MAGIC = 0xEB4F;
    static final int VERSION = 1;
    static final int MAX_EDGES = 4096;
    static final int MAX_NAME = 2048;

    private PublicationCodec() {}

    static byte[] encode(Publication p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 53 * p.edges().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(p.node());
            out.writeUTF(p.name());
            out.writeLong(p.epoch());
            out.writeLong(p.seq());
            out.writeByte(p.self().isPresent() ? 1 : 0);
            if (p.self().isPresent()) {
                NodeFeatures n = p.self().get();
                out.writeUTF(n.peer());
                out.writeDouble(n.dropsPerSec());
                out.writeDouble(n.syscallP99Micros());
                out.writeDouble(n.serviceFailuresPerSec());
                out.writeDouble(n.score());
                out.writeBoolean(n.anomalous());
            }
            if (p.edges().size() > MAX_EDGES) {
                throw new IllegalArgumentException("more than " + MAX_EDGES + " edges: " + p.edges().size());
            }
            out.writeShort(p.edges().size());
            for (EdgeFeatures e : p.edges()) {
                out.writeInt(e.to());
                out.writeDouble(e.lossRatio());
                out.writeDouble(e.rttMicros());
                out.writeDouble(e.throughputBps());
                out.writeDouble(e.retransmitsPerSec());
                out.writeDouble(e.resetsPerSec());
                out.writeDouble(e.score());
                out.writeBoolean(e.anomalous());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a publication.
     *
     * @throws IOException saying what is wrong: another magic or version, a length out of bounds, or
     *                     a truncated record
     */
    static Publication decode(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            int magic = in.readUnsignedShort();
            if (magic != MAGIC) {
                throw new IOException(String.format("not a view record: magic 0x%04X, expected 0x%04X", magic, MAGIC));
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("view record version " + version + " is not supported (this agent reads " + VERSION + ")");
            }
            int node = in.readInt();
            String name = in.readUTF();
            if (name.length() > MAX_NAME) {
                throw new IOException("member name longer than " + MAX_NAME);
            }
            long epoch = in.readLong();
            long seq = in.readLong();
            int flags = in.readUnsignedByte();
            Optional<NodeFeatures> self = Optional.empty();
            if ((flags & 1) != 0) {
                self = Optional.of(new NodeFeatures(node, in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readBoolean()));
            }
            int count = in.readUnsignedShort();
            if (count > MAX_EDGES) {
                throw new IOException("more than " + MAX_EDGES + " edges: " + count);
            }
            List<EdgeFeatures> edges = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                edges.add(new EdgeFeatures(node, in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean()));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the record");
            }
            return new Publication(node, name, epoch, seq, self, edges);
        } catch (EOFException e) {
            throw new IOException("truncated view record (" + data.length + " bytes)", e);
        }
    }
}
