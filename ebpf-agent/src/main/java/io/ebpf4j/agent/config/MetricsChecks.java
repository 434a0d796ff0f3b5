package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.metrics.MetricsTls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code metrics.tls} and {@code metrics.basicAuth}: absolute paths to owner-only files, a key store
 * that opens with its password, a user name without ':', basic authentication only over TLS. The
 * secrets are read to check them and wiped at once; no message carries one.
 */
final class MetricsChecks {
    private MetricsChecks() {}

    static void check(MetricsConfig m, Checker c) {
        MetricsTlsConfig tls = m.tls();
        if (tls != null) {
            boolean store = file("metrics.tls.keyStore", tls.keyStore(), "the PKCS#12 key store like /etc/ebpf4j/metrics.p12", c);
            char[] password = secret("metrics.tls.passwordFile", tls.passwordFile(), c);
            if (store && password != null) {
                try {
                    MetricsTls.fromKeyStore(tls.keyStore(), password);
                } catch (IllegalArgumentException e) {
                    c.fail("metrics.tls.keyStore", e.getMessage());
                }
            }
            wipe(password);
        }
        MetricsBasicAuthConfig auth = m.basicAuth();
        if (auth != null) {
            if (c.required("metrics.basicAuth.user", auth.user(), "the user name the scraper sends, like prometheus")
                    && (auth.user().isEmpty() || auth.user().indexOf(':') >= 0)) {
                c.fail("metrics.basicAuth.user", "expected a non-empty user name without ':', got '" + auth.user() + "'");
            }
            wipe(secret("metrics.basicAuth.passwordFile", auth.passwordFile(), c));
            if (tls == null) {
                c.fail("metrics.basicAuth", "expected metrics.tls with basic authentication: without TLS the password "
                        + "travels in clear");
            }
        }
    }

    /** Checks {@code path} names an absolute, owner-only, readable file; whether it does. */
    private static boolean file(String key, Path path, String expected, Checker c) {
        if (!c.required(key, path, expected)) {
            return false;
        }
        if (!path.isAbsolute()) {
            c.fail(key, "expected an absolute path like " + expected.substring(expected.lastIndexOf(' ') + 1)
                    + ", got '" + path + "'");
            return false;
        }
        try {
            String refusal = SecretFiles.readableByOthers(path);
            if (refusal != null) {
                c.fail(key, refusal);
                return false;
            }
        } catch (IOException e) {
            c.fail(key, "expected a readable file, cannot read " + path + ": " + e);
            return false;
        }
        return true;
    }

    /** The secret in {@code path} (owner-only; the caller wipes it), or null after reporting why not. */
    private static char[] secret(String key, Path path, Checker c) {
        if (!file(key, path, "the file holding the password like /etc/ebpf4j/metrics.password", c)) {
            return null;
        }
        try {
            return MetricsTls.readSecret(path);
        } catch (IllegalArgumentException e) {
            c.fail(key, e.getMessage());
            return null;
        }
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
