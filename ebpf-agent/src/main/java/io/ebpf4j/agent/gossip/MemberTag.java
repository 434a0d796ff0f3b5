package io.ebpf4j.agent.gossip;

import io.scalecube.cluster.metadata.MetadataCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What a member announces of itself in the cluster's member metadata, so that the others know from
 * the moment it joins which node it speaks for: {@code u8 version (1), i32 node, u16 length + UTF-8
 * name}. Also the metadata codec (bytes in, bytes out: no Java serialization of metadata).
 *
 * @param node the node number
 * @param name the node's identity
 */
record MemberTag(int node, String name) {
    static final int VERSION = 1;

    /** Bytes as they are: the tag is encoded by {@link #encode()}, decoded by {@link #decode}. */
    static final MetadataCodec CODEC = new MetadataCodec() {
        @Override
        public Object deserialize(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.duplicate().get(b);
            return b;
        }

        @Override
        public ByteBuffer serialize(Object metadata) {
            return metadata == null ? null : ByteBuffer.wrap((byte[]) metadata);
        }
    };

    MemberTag {
        Objects.requireNonNull(name, "name");
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(node);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            out.writeShort(n.length);
            out.write(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The tag in a member's metadata; empty when absent or not a tag this agent reads. */
    static Optional<MemberTag> decode(ByteBuffer metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        ByteBuffer b = metadata.duplicate();
        try {
            if (b.get() != VERSION) {
                return Optional.empty();
            }
            int node = b.getInt();
            byte[] n = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(n);
            return Optional.of(new MemberTag(node, new String(n, StandardCharsets.UTF_8)));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
