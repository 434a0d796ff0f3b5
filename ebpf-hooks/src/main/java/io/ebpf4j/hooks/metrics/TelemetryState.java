package io.ebpf4j.hooks.metrics;

import java.util.List;

/**
 * What a {@link MeshTelemetry} serves.
 *
 * @param mode   {@link Mode#EBPF} when every requested hook runs, {@link Mode#PARTIAL} when some do,
 *               {@link Mode#DEGRADED} when none does (only /proc counters are served)
 * @param reason why eBPF is not (fully) used; empty in {@link Mode#EBPF}
 * @param hooks  the requested hooks
 */
public record TelemetryState(Mode mode, String reason, List<HookStatus> hooks) {
    /** How much eBPF a {@link MeshTelemetry} uses. */
    public enum Mode {
        /** Every requested hook runs. */
        EBPF,
        /** Some hooks run, others could not start. */
        PARTIAL,
        /** No eBPF: the kernel's own counters from /proc only. */
        DEGRADED
    }

    public TelemetryState {
        hooks = List.copyOf(hooks);
    }

    /** True unless every requested hook runs. */
    public boolean degraded() {
        return mode != Mode.EBPF;
    }
}
