/**
 * Prometheus metrics of the mesh hooks: collectors that read the hooks' maps at scrape time
 * ({@link io.ebpf4j.hooks.metrics.MeshCollector}, {@link io.ebpf4j.hooks.metrics.SyscallCollector},
 * {@link io.ebpf4j.hooks.metrics.NetEventsCollector}), the kernel's /proc counters for degraded
 * mode ({@link io.ebpf4j.hooks.metrics.ProcNetCollector}), the {@link io.ebpf4j.hooks.metrics.MeshTelemetry}
 * facade, {@link io.ebpf4j.hooks.metrics.MergedCollector} to serve several telemetries (told apart by
 * constant labels such as {@code node}) from one registry, and a {@code /metrics} server
 * ({@link io.ebpf4j.hooks.metrics.MetricsServer}). See docs/hooks/METRICS.md.
 */
package io.ebpf4j.hooks.metrics;
