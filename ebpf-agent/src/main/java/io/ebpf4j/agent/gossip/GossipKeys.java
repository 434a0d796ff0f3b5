package io.ebpf4j.agent.gossip;

import io.ebpf4j.agent.config.GossipKeyFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The mesh keys that authenticate gossip ({@code gossip.auth.keyFile}): every membership and gossip
 * message carries an HMAC-SHA256 made with the first key; a message is accepted when its MAC verifies
 * with either key (the second one serves a rotation). Every agent of the mesh holds the same file.
 *
 * <p>The key file's format: {@link GossipKeyFile}. Instances never show the keys ({@link #toString()}
 * gives the count).
 */
public final class GossipKeys {
    /** Keys in a file: the signing one and one more accepted during a rotation. */
    public static final int MAX = GossipKeyFile.MAX;
    /** Bytes of a key. */
    public static final int KEY_BYTES = GossipKeyFile.KEY_BYTES;

    private final List<byte[]> keys;

    private GossipKeys(List<byte[]> keys) {
        if (keys.isEmpty() || keys.size() > MAX) {
            throw new IllegalArgumentException("expected 1.." + MAX + " gossip keys, got " + keys.size());
        }
        for (byte[] k : keys) {
            if (Objects.requireNonNull(k, "key").length != KEY_BYTES) {
                throw new IllegalArgumentException("a gossip key has " + KEY_BYTES + " bytes, not " + k.length);
            }
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
    }

    /** Keys given directly, the first one signing (each {@link #KEY_BYTES} bytes; copied). */
    public static GossipKeys of(byte[]... keys) {
        return new GossipKeys(Arrays.asList(keys));
    }

    /**
     * Reads and checks the key file {@code file} ({@link GossipKeyFile}).
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong (or {@code chmod 600})
     */
    public static GossipKeys read(Path file) {
        return of(GossipKeyFile.read(file).keys().toArray(byte[][]::new));
    }

    /** The number of keys (1 or 2). */
    public int size() {
        return keys.size();
    }

    /** The keys, the signing one first (copies), for {@link MessageAuth}. */
    List<byte[]> keys() {
        return keys.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GossipKeys g) || g.keys.size() != keys.size()) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!java.security.MessageDigest.isEqual(keys.get(i), g.keys.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "GossipKeys[" + keys.size() + (keys.size() == 1 ? " key" : " keys") + "]";
    }
}
