package io.ebpf4j.agent.config;

import java.time.Duration;

/**
 * The {@code probes:} section: the probes this node sends its peers (at their {@code probeAddress})
 * and answers in XDP ({@code MeshFilter.Builder.probePort}, {@code Prober}).
 *
 * <pre>{@code
 * probes:
 *   port: 7946        # UDP port, 1..65535; 0 turns probing off (default 7946)
 *   interval: 10ms    # time between probe rounds (default 10ms)
 *   burst: 64         # probes in the train sent before a link is trusted again, 1..1024 (default 64)
 *   auth: {...}       # ProbeAuthConfig: the probe MAC's key file; left out: probes are not authenticated
 * }</pre>
 *
 * @param port     the probe UDP port; 0: no probes; null: {@value #DEFAULT_PORT}
 * @param interval time between rounds; null: {@link #DEFAULT_INTERVAL}
 * @param burst    probes per train ({@code Prober.burst}); null: {@value #DEFAULT_BURST}
 * @param auth     the {@code auth:} section; null: probes are not authenticated
 */
public record ProbeConfig(Integer port, Duration interval, Integer burst, ProbeAuthConfig auth) {
    /** The default probe port. */
    public static final int DEFAULT_PORT = 7946;
    /** The default time between probe rounds, the one the heal loop's detectors are tuned for. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);
    /** The default train size (what the heal loop sends before it trusts a link again). */
    public static final int DEFAULT_BURST = 64;
    /** The largest train {@code Prober.burst} sends. */
    public static final int MAX_BURST = 1024;

    /** The port, {@value #DEFAULT_PORT} when not given (0: probing off). */
    public int effectivePort() {
        return port == null ? DEFAULT_PORT : port;
    }

    /** The interval, {@link #DEFAULT_INTERVAL} when not given. */
    public Duration effectiveInterval() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    /** The train size, {@value #DEFAULT_BURST} when not given. */
    public int effectiveBurst() {
        return burst == null ? DEFAULT_BURST : burst;
    }

    /** Whether probes are sent and answered. */
    public boolean enabled() {
        return effectivePort() != 0;
    }
}
