package io.ebpf4j.heal.experiment.traffic;

import java.time.Duration;
import java.util.Objects;

/**
 * Pacing of the {@link TrafficGenerator}: per flow one UDP request every {@code udpInterval} (failed
 * after {@code udpTimeout}) and one TCP exchange every {@code tcpInterval} (failed after
 * {@code tcpTimeout}); the log keeps the last {@code retention} of requests; requests go to
 * {@code udpPort}/{@code tcpPort} and carry {@code payloadBytes} bytes (at least 24).
 */
public record TrafficConfig(Duration udpInterval, Duration udpTimeout, Duration tcpInterval, Duration tcpTimeout,
        Duration retention, int udpPort, int tcpPort, int payloadBytes) {
    /** 10 ms / 100 ms UDP, 100 ms / 200 ms TCP, 15 minutes kept, ports 7001/7002, 64-byte payloads. */
    public static final TrafficConfig DEFAULTS = new TrafficConfig(Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(15), EchoServices.UDP_PORT,
            EchoServices.TCP_PORT, 64);

    public TrafficConfig {
        for (Duration d : new Duration[] {udpInterval, udpTimeout, tcpInterval, tcpTimeout, retention}) {
            Objects.requireNonNull(d, "durations must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("traffic durations must be positive, not " + d);
            }
        }
        if (udpInterval.toMillis() < 1 || tcpInterval.toMillis() < 1) {
            throw new IllegalArgumentException("request intervals must be at least 1 ms");
        }
        if (payloadBytes < 24 || payloadBytes > 1400) {
            throw new IllegalArgumentException("payload must be 24..1400 bytes, not " + payloadBytes);
        }
        if (udpPort < 1 || udpPort > 65535 || tcpPort < 1 || tcpPort > 65535) {
            throw new IllegalArgumentException("ports must be 1..65535, not " + udpPort + "/" + tcpPort);
        }
    }

    /** Ring capacity for requests sent every {@code interval} over the retention (plus 10%). */
    int capacity(Duration interval) {
        long n = retention.toNanos() / interval.toNanos();
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, n + n / 10));
    }

    /** This pacing with other ports. */
    public TrafficConfig withPorts(int udp, int tcp) {
        return new TrafficConfig(udpInterval, udpTimeout, tcpInterval, tcpTimeout, retention, udp, tcp, payloadBytes);
    }
}
