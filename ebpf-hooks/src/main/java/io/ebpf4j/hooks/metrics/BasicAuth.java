package io.ebpf4j.hooks.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * HTTP basic authentication of one user for {@link MetricsServer}: the JDK's {@link BasicAuthenticator}
 * (what the Prometheus exporter takes) checking against a SHA-256 digest of the password, in constant
 * time (user and password are compared as digests, so neither length nor prefix leaks through timing).
 */
final class BasicAuth extends BasicAuthenticator {
    private final byte[] user;
    private final byte[] password;

    BasicAuth(String user, char[] password) {
        super("ebpf4j metrics", StandardCharsets.UTF_8);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a basic-auth user name is not empty and has no ':'");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("the metrics password is empty");
        }
        this.user = digest(user.toCharArray());
        this.password = digest(password);
    }

    @Override
    public boolean checkCredentials(String u, String p) {
        boolean userOk = MessageDigest.isEqual(user, digest(u.toCharArray()));
        boolean passwordOk = MessageDigest.isEqual(password, digest(p.toCharArray()));
        return userOk & passwordOk;
    }

    private static byte[] digest(char[] text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }
}
