package io.ebpf4j.hooks.mesh;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key of the probe MAC (SipHash-2-4, 128 bits) with its id, the byte every probe carries so that
 * the receiver picks the key without trying each ({@code key_id}, byte 5 of the payload). Ids tell a
 * rotation's old and new key apart; they need not be ordered.
 *
 * <p>Text form ({@link #parse}, key files): {@code ID:HEX}, e.g. {@code 7:000102030405060708090a0b0c0d0e0f}.
 * {@link #toString()} never shows the secret.
 *
 * @param id     0..255
 * @param secret 16 bytes (copied)
 */
public record ProbeKey(int id, byte[] secret) {
    /** Key length in bytes. */
    public static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ProbeKey {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("a probe key id is 0..255, not " + id);
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("a probe key has " + LENGTH + " bytes, not " + secret.length);
        }
        secret = secret.clone();
    }

    /** A new key of {@code id} from a {@link SecureRandom}. */
    public static ProbeKey random(int id) {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new ProbeKey(id, b);
    }

    /**
     * Parses {@code ID:HEX} (32 hex digits).
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the secret)
     */
    public static ProbeKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected a probe key as ID:HEX (e.g. 1:" + "00".repeat(LENGTH)
                    + "), without ':' in what was given");
        }
        int id;
        try {
            id = Integer.parseInt(text.substring(0, colon).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a probe key id is a number 0..255, not '" + text.substring(0, colon) + "'");
        }
        String hex = text.substring(colon + 1).strip();
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("probe key " + id + ": expected " + 2 * LENGTH + " hex digits, got "
                    + hex.length() + " characters");
        }
        try {
            return new ProbeKey(id, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("probe key " + id + ": the secret is not hexadecimal");
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The MAC of {@code payload[off .. off+32)} under this key. */
    long mac(byte[] payload, int off) {
        long[] k = SipHash.key(secret);
        return SipHash.hash(k[0], k[1], payload, off, 32);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeKey k && k.id == id && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id * 31 + Arrays.hashCode(secret);
    }

    /** The id only: secrets stay out of logs. */
    @Override
    public String toString() {
        return "ProbeKey[id=" + id + "]";
    }
}
