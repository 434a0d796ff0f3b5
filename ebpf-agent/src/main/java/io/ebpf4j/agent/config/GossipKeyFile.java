package io.ebpf4j.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A gossip key file ({@code gossip.auth.keyFile}): one key per line, 32 bytes as 64 hexadecimal
 * digits ({@code openssl rand -hex 32}); the first line signs, a second line is a key also accepted
 * (for a rotation); at most {@link #MAX}. Blank lines and {@code #} comments are ignored. The file must
 * be readable by its owner only. Errors name the file and the line, never a secret; {@link #toString()}
 * gives the count only.
 */
public final class GossipKeyFile {
    /** Keys in a file: the signing one and one more accepted during a rotation. */
    public static final int MAX = 2;
    /** Bytes of a key. */
    public static final int KEY_BYTES = 32;

    private final List<byte[]> keys;

    private GossipKeyFile(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong (or {@code chmod 600})
     */
    public static GossipKeyFile read(Path file) {
        List<String> lines = SecretFiles.readLines(file);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            if (line.length() != 2 * KEY_BYTES) {
                throw new IllegalArgumentException(where + "expected a key of " + KEY_BYTES + " bytes as " + 2 * KEY_BYTES
                        + " hexadecimal digits, got " + line.length() + " characters");
            }
            byte[] key;
            try {
                key = HexFormat.of().parseHex(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "expected " + 2 * KEY_BYTES + " hexadecimal digits: not hexadecimal");
            }
            if (keys.size() == MAX) {
                throw new IllegalArgumentException(where + "a third key: at most " + MAX
                        + " (the signing key, then one more accepted during a rotation)");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no key (expected a line of " + 2 * KEY_BYTES
                    + " hexadecimal digits, e.g. from `openssl rand -hex 32`)");
        }
        return new GossipKeyFile(keys);
    }

    /** The keys, the signing one first (copies). */
    public List<byte[]> keys() {
        return keys.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
        return "GossipKeyFile[" + keys.size() + (keys.size() == 1 ? " key" : " keys") + "]";
    }
}
