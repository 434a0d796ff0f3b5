package io.ebpf4j.agent.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates the membership transport's frames with HMAC-SHA256: a sent frame is the MAC (made with
 * the signing key over a context label and the encoded message) followed by the message; a received
 * frame is accepted when its MAC verifies, compared in constant time, with one of the keys, and only
 * then decoded. A frame that does not verify is never decoded (no deserialization of what an outsider
 * sent). Thread-safe: each thread has its own {@link Mac} per key.
 */
final class MessageAuth {
    /** Bytes of the MAC in front of each frame. */
    static final int MAC_BYTES = 32;
    private static final byte[] CONTEXT = "ebpf4j gossip v1\0".getBytes(StandardCharsets.US_ASCII);

    private final List<ThreadLocal<Mac>> macs;

    MessageAuth(GossipKeys keys) {
        this.macs = keys.keys().stream().map(MessageAuth::perThread).toList();
        macs.forEach(ThreadLocal::get); // fail now, not on the first message, if the JDK lacks HmacSHA256
    }

    private static ThreadLocal<Mac> perThread(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        return ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JDK: " + e, e);
            }
        });
    }

    /** {@code message} with its MAC in front (takes over {@code message}'s reference). */
    ByteBuf sign(ByteBuf message) {
        byte[] tag = mac(macs.getFirst().get(), message);
        return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(tag), message);
    }

    /**
     * Whether {@code frame} carries a valid MAC; when it does, its reader index is moved past the MAC
     * (the message follows). The frame is not released.
     */
    boolean verify(ByteBuf frame) {
        if (frame.readableBytes() <= MAC_BYTES) {
            return false;
        }
        byte[] tag = new byte[MAC_BYTES];
        frame.getBytes(frame.readerIndex(), tag);
        ByteBuf message = frame.slice(frame.readerIndex() + MAC_BYTES, frame.readableBytes() - MAC_BYTES);
        boolean ok = false;
        for (ThreadLocal<Mac> m : macs) {
            ok |= MessageDigest.isEqual(tag, mac(m.get(), message));
        }
        if (ok) {
            frame.skipBytes(MAC_BYTES);
        }
        return ok;
    }

    private static byte[] mac(Mac m, ByteBuf message) {
        m.update(CONTEXT);
        m.update(message.nioBuffer(message.readerIndex(), message.readableBytes()));
        return m.doFinal();
    }
}
