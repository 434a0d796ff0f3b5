package io.ebpf4j.agent.config;

/**
 * The {@code metrics:} section: where the agent serves Prometheus {@code /metrics}, and how it is
 * protected when it is exposed beyond loopback.
 *
 * <pre>{@code
 * metrics:
 *   listen: 127.0.0.1:9464    # an IP address and port (0: any free port); default 127.0.0.1:9464
 *   tls: {...}                # HTTPS, see MetricsTlsConfig; absent: plain HTTP
 *   basicAuth: {...}          # HTTP basic authentication, see MetricsBasicAuthConfig (needs tls)
 * }</pre>
 *
 * @param listen    the address to listen on (an IP literal: nothing is looked up); null: {@link #DEFAULT_LISTEN}
 * @param tls       HTTPS; null: plain HTTP
 * @param basicAuth basic authentication; null: none
 */
public record MetricsConfig(HostPort listen, MetricsTlsConfig tls, MetricsBasicAuthConfig basicAuth) {
    /** Loopback, the port mesh-monitor uses. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 9464);

    /** Only the listen address: plain HTTP, no authentication. */
    public MetricsConfig(HostPort listen) {
        this(listen, null, null);
    }

    /** The listen address, {@link #DEFAULT_LISTEN} when not given. */
    public HostPort effectiveListen() {
        return listen == null ? DEFAULT_LISTEN : listen;
    }
}
