package io.ebpf4j.hooks.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What {@link MetricsServer.Builder#tls} and {@link MetricsServer.Builder#basicAuth} take, from files:
 * a PKCS#12 key store holding the server's key and certificate chain, and secrets (passwords) that
 * only their owner may read.
 */
public final class MetricsTls {
    private MetricsTls() {}

    /**
     * A TLS context (TLS 1.3 and 1.2 as the JDK negotiates) serving the key and certificate of the
     * PKCS#12 key store {@code keyStore}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLContext fromKeyStore(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            if (ks.size() == 0 || java.util.Collections.list(ks.aliases()).stream().noneMatch(a -> isKey(ks, a))) {
                throw new IllegalArgumentException("metrics TLS key store " + keyStore + " holds no private key entry");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the metrics TLS key store " + keyStore + " (PKCS#12): " + e
                    + "; check the path and its password", e);
        }
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The first line of {@code file}, a secret: refused when the group or others may read the file
     * (like ssh's key files), so a secret is never readable by other local users.
     *
     * @throws IllegalArgumentException naming the file and the remedy ({@code chmod 600})
     */
    public static char[] readSecret(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("secret file " + file + " may be read by other users (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = (nl < 0 ? text : text.substring(0, nl)).strip();
                if (line.isEmpty()) {
                    throw new IllegalArgumentException("secret file " + file + " is empty");
                }
                return line.toCharArray();
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e, e);
        }
    }
}
