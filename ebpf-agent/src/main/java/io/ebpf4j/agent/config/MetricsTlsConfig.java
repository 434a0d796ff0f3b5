package io.ebpf4j.agent.config;

import java.nio.file.Path;

/**
 * {@code metrics.tls:}: serve {@code /metrics} over HTTPS ({@code MetricsServer.Builder.tls},
 * {@code MetricsTls.fromKeyStore}).
 *
 * <pre>{@code
 * metrics:
 *   tls:
 *     keyStore: /etc/ebpf4j/metrics.p12          # PKCS#12: the server's key and certificate chain, mode 0600
 *     passwordFile: /etc/ebpf4j/metrics.p12.pass # its password on the first line, mode 0600
 * }</pre>
 *
 * Both files must be readable by their owner only; they are read when the agent starts (a change
 * needs a restart), and the password is never logged nor printed.
 *
 * @param keyStore     the PKCS#12 key store (absolute path)
 * @param passwordFile the file holding the key store's password (absolute path)
 */
public record MetricsTlsConfig(Path keyStore, Path passwordFile) {}
