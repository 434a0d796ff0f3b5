package io.ebpf4j.hooks.metrics;

import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server for {@code /metrics} of a {@link PrometheusRegistry} (the prometheus-metrics
 * exporter's {@link HTTPServer}); collectors run on each scrape. Loopback unless told otherwise.
 *
 * <pre>{@code
 * try (MeshTelemetry t = MeshTelemetry.builder().build();
 *      MetricsServer s = MetricsServer.start(t.registry(), 9464)) { ... }
 * }</pre>
 *
 * <p>Exposed beyond loopback, serve it over TLS with basic authentication, through the exporter's own
 * options ({@code HttpsConfigurator}, {@code Authenticator}):
 *
 * <pre>{@code
 * MetricsServer s = MetricsServer.builder(registry).address(InetAddress.ofLiteral("10.0.0.1")).port(9464)
 *         .tls(MetricsTls.fromKeyStore(Path.of("/etc/ebpf4j/metrics.p12"), password))
 *         .basicAuth("prometheus", MetricsTls.readSecret(Path.of("/etc/ebpf4j/metrics.password")))
 *         .start();
 * }</pre>
 *
 * A server on a non-loopback address without TLS or authentication logs a warning at start.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server;
    private final InetAddress address;
    private final boolean tls;
    private boolean closed;

    private MetricsServer(HTTPServer server, InetAddress address, boolean tls) {
        this.server = server;
        this.address = address;
        this.tls = tls;
    }

    /** Serves {@code registry} on loopback at {@code port} (0: any free port), plain HTTP, no authentication. */
    public static MetricsServer start(PrometheusRegistry registry, int port) {
        return builder(registry).port(port).start();
    }

    /** Serves {@code registry} on {@code address} at {@code port} (0: any free port), plain HTTP, no authentication. */
    public static MetricsServer start(PrometheusRegistry registry, InetAddress address, int port) {
        return builder(registry).address(address).port(port).start();
    }

    /** A builder serving {@code registry} on loopback, port 9464, plain HTTP, no authentication. */
    public static Builder builder(PrometheusRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"));
    }

    /** The port served (the one chosen when 0 was asked). */
    public int port() {
        return server.getPort();
    }

    /** The URI of {@code /metrics} ({@code https} when served over TLS). */
    public URI uri() {
        String host = address.getHostAddress();
        return URI.create((tls ? "https" : "http") + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + port() + "/metrics");
    }

    /** Stops serving; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }

    /** Where and how {@code /metrics} is served. */
    public static final class Builder {
        private final PrometheusRegistry registry;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 9464;
        private SSLContext tls;
        private BasicAuth auth;

        private Builder(PrometheusRegistry registry) {
            this.registry = registry;
        }

        /** The address to listen on (default loopback). */
        public Builder address(InetAddress a) {
            this.address = Objects.requireNonNull(a, "address");
            return this;
        }

        /** The port, 0..65535 (0: any free port; default 9464). */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("not a port: " + p);
            }
            this.port = p;
            return this;
        }

        /** Serves HTTPS with {@code context}'s key and certificate ({@link MetricsTls#fromKeyStore}). */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Requires HTTP basic authentication as {@code user} with {@code password} (kept as a SHA-256
         * digest, compared in constant time; the array is not kept). Use it with {@link #tls}: basic
         * authentication sends the password in clear otherwise.
         */
        public Builder basicAuth(String user, char[] password) {
            this.auth = new BasicAuth(user, password);
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws UncheckedIOException when the address and port cannot be bound
         */
        public MetricsServer start() {
            HTTPServer.Builder b = HTTPServer.builder().registry(registry).inetAddress(address).port(port);
            if (tls != null) {
                b.httpsConfigurator(new HttpsConfigurator(tls));
            }
            if (auth != null) {
                b.authenticator(auth);
            }
            if (!address.isLoopbackAddress() && (tls == null || auth == null)) {
                LOG.warn("serving /metrics on {} without {}: anyone who reaches it reads (and can load) it; use TLS and "
                        + "basic authentication (MetricsServer.Builder.tls, basicAuth) or a loopback address",
                        address.getHostAddress(), tls == null && auth == null ? "TLS or authentication"
                                : tls == null ? "TLS (the password travels in clear)" : "authentication");
            }
            try {
                return new MetricsServer(b.buildAndStart(), address, tls != null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve metrics on " + address.getHostAddress() + ":" + port, e);
            }
        }
    }
}
