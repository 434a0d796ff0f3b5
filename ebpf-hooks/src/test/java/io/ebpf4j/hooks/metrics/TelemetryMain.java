package io.ebpf4j.hooks.metrics;

/**
 * A child-JVM entry point for {@link UnprivilegedTelemetryTest}: default telemetry served on an
 * ephemeral loopback port; prints {@code PORT <n>}, then serves until its stdin closes.
 */
public final class TelemetryMain {
    private TelemetryMain() {}

    public static void main(String[] args) throws Exception {
        try (MeshTelemetry t = MeshTelemetry.builder().build(); MetricsServer s = MetricsServer.start(t.registry(), 0)) {
            System.out.println("STATE " + t.state());
            System.out.println("PORT " + s.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin
            }
        }
    }
}
