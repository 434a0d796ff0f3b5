package io.ebpf4j.agent;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code /metrics} is protected ({@code metrics.tls}, {@code metrics.basicAuth}): the files the
 * secrets are read from when the agent starts, never the secrets themselves.
 *
 * @param keyStore             the PKCS#12 key store of HTTPS; empty: plain HTTP
 * @param keyStorePasswordFile the file holding the key store's password (present with {@code keyStore})
 * @param user                 the basic authentication user; empty: no authentication
 * @param passwordFile         the file holding the user's password (present with {@code user})
 */
public record MetricsAuthPlan(Optional<Path> keyStore, Optional<Path> keyStorePasswordFile, Optional<String> user,
        Optional<Path> passwordFile) {
    /** Plain HTTP, no authentication. */
    public static final MetricsAuthPlan NONE = new MetricsAuthPlan(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public MetricsAuthPlan {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePasswordFile, "keyStorePasswordFile");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        if (keyStore.isPresent() != keyStorePasswordFile.isPresent()) {
            throw new IllegalArgumentException("a key store needs its password file");
        }
        if (user.isPresent() != passwordFile.isPresent()) {
            throw new IllegalArgumentException("a basic authentication user needs a password file");
        }
    }

    /** Whether {@code /metrics} is served over HTTPS. */
    public boolean tls() {
        return keyStore.isPresent();
    }

    /** Whether {@code /metrics} requires basic authentication. */
    public boolean basicAuth() {
        return user.isPresent();
    }

    /** E.g. {@code TLS (key store /etc/ebpf4j/metrics.p12); basic auth as prometheus (password file ...)}. */
    public String describe() {
        if (!tls() && !basicAuth()) {
            return "plain HTTP, no authentication";
        }
        String t = keyStore.map(k -> "TLS (key store " + k + ")").orElse("no TLS");
        return t + "; " + user.map(u -> "basic auth as " + u + " (password file " + passwordFile.get() + ")")
                .orElse("no authentication");
    }
}
