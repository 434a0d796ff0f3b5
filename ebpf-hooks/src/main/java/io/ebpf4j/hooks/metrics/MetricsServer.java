package io.ebpf4j.hooks.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;

/**
 * An HTTP server for {@code /metrics} of a {@link PrometheusRegistry} (the prometheus-metrics
 * exporter's {@link HTTPServer}); collectors run on each scrape. Loopback unless told otherwise.
 *
 * <pre>{@code
 * try (MeshTelemetry t = MeshTelemetry.builder().build();
 *      MetricsServer s = MetricsServer.start(t.registry(), 9464)) { ... }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final InetAddress address;
    private boolean closed;

    private MetricsServer(HTTPServer server, InetAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Serves {@code registry} on loopback at {@code port} (0: any free port). */
    public static MetricsServer start(PrometheusRegistry registry, int port) {
        return start(registry, InetAddress.getLoopbackAddress(), port);
    }

    /** Serves {@code registry} on {@code address} at {@code port} (0: any free port). */
    public static MetricsServer start(PrometheusRegistry registry, InetAddress address, int port) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        try {
            return new MetricsServer(HTTPServer.builder().registry(registry).inetAddress(address).port(port).buildAndStart(),
                    address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address.getHostAddress() + ":" + port, e);
        }
    }

    /** The port served (the one chosen when 0 was asked). */
    public int port() {
        return server.getPort();
    }

    /** The URI of {@code /metrics}. */
    public URI uri() {
        String host = address.getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + "/metrics");
    }

    /** Stops serving; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }
}
