package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over HTTPS with basic authentication: a self-signed certificate made for the test
 * by the JDK's keytool, a real HTTPS client that trusts exactly that certificate; the right password
 * reads the metrics, a wrong one, none and a client that does not trust the certificate do not, and
 * plain HTTP gets no metrics.
 */
class MetricsTlsTest {
    static final char[] STORE_PASSWORD = "store-secret".toCharArray();

    @TempDir
    static Path dir;
    static Path keyStore;
    static SSLContext trusting;

    @BeforeAll
    static void certificate() throws Exception {
        keyStore = dir.resolve("metrics.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "metrics", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=ebpf4j metrics test", "-ext", "SAN=ip:127.0.0.1", "-validity",
                "1", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, STORE_PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("metrics", server.getCertificate("metrics"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    private static PrometheusRegistry registry() {
        PrometheusRegistry r = new PrometheusRegistry();
        Counter.builder().name("ebpf4j_tls_test_total").help("A counter.").register(r).inc(7);
        return r;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsWithBasicAuthServesOnlyTheRightPassword() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "s3cret-metrics\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (MetricsServer server = MetricsServer.builder(registry()).port(0)
                .tls(MetricsTls.fromKeyStore(keyStore, STORE_PASSWORD))
                .basicAuth("prometheus", MetricsTls.readSecret(secret)).start()) {
            URI uri = server.uri();
            assertEquals("https", uri.getScheme());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();

            HttpResponse<String> ok = get(client, uri, "prometheus", "s3cret-metrics");
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("ebpf4j_tls_test_total 7.0"), ok.body());

            assertEquals(401, get(client, uri, "prometheus", "s3cret-metricS").statusCode(), "wrong password");
            assertEquals(401, get(client, uri, "grafana", "s3cret-metrics").statusCode(), "wrong user");
            HttpResponse<String> none = get(client, uri, null, null);
            assertEquals(401, none.statusCode(), "no credentials");
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), none.headers().toString());

            HttpClient defaultTrust = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> get(defaultTrust, uri, "prometheus", "s3cret-metrics"),
                    "a client that does not trust the certificate gets nothing");
            URI plain = URI.create(uri.toString().replace("https:", "http:"));
            assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), plain, "prometheus", "s3cret-metrics"),
                    "plain HTTP is not served");
        }
    }

    @Test
    void secretsReadableByOthersAndBadKeyStoresAreRefusedByName() throws Exception {
        Path open = dir.resolve("open-password");
        Files.writeString(open, "x\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        String why = assertThrows(IllegalArgumentException.class, () -> MetricsTls.readSecret(open)).getMessage();
        assertTrue(why.contains("chmod 600 " + open), why);
        String bad = assertThrows(IllegalArgumentException.class,
                () -> MetricsTls.fromKeyStore(keyStore, "wrong".toCharArray())).getMessage();
        assertTrue(bad.contains(keyStore.toString()) && bad.contains("password"), bad);
        assertThrows(IllegalArgumentException.class, () -> MetricsServer.builder(registry()).basicAuth("a:b", "x".toCharArray()));
        for (String user : List.of("", "a:b")) {
            assertThrows(IllegalArgumentException.class, () -> new BasicAuth(user, "x".toCharArray()));
        }
    }
}
