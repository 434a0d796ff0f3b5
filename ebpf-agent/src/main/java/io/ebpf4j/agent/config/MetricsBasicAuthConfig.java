package io.ebpf4j.agent.config;

import java.nio.file.Path;

/**
 * {@code metrics.basicAuth:}: require HTTP basic authentication on {@code /metrics}
 * ({@code MetricsServer.Builder.basicAuth}); only with {@code metrics.tls} (the password would travel
 * in clear otherwise).
 *
 * <pre>{@code
 * metrics:
 *   basicAuth:
 *     user: prometheus                              # no ':'
 *     passwordFile: /etc/ebpf4j/metrics.password    # the password on the first line, mode 0600
 * }</pre>
 *
 * @param user         the user name the scraper sends
 * @param passwordFile the file holding the password (absolute path, owner-only; read at start)
 */
public record MetricsBasicAuthConfig(String user, Path passwordFile) {}
