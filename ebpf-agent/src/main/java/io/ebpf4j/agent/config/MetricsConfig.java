package io.ebpf4j.agent.config;

/**
 * The {@code metrics:} section: where the agent serves Prometheus {@code /metrics}.
 *
 * <pre>{@code
 * metrics:
 *   listen: 127.0.0.1:9464    # an IP address and port (0: any free port); default 127.0.0.1:9464
 * }</pre>
 *
 * @param listen the address to listen on (an IP literal: nothing is looked up); null: {@link #DEFAULT_LISTEN}
 */
public record MetricsConfig(HostPort listen) {
    /** Loopback, the port mesh-monitor uses. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 9464);

    /** The listen address, {@link #DEFAULT_LISTEN} when not given. */
    public HostPort effectiveListen() {
        return listen == null ? DEFAULT_LISTEN : listen;
    }
}
