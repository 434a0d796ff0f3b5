package io.ebpf4j.hooks.metrics;

import java.util.Objects;

/**
 * Whether one hook of a {@link MeshTelemetry} runs, and how or why not.
 *
 * @param hook       the hook's name: {@code mesh_filter}, {@code syscall_latency}, {@code net_events}
 * @param running    true when its eBPF programs are attached
 * @param attachPath how it is attached ({@code xdp}, {@code tracepoint}, {@code kprobe}), {@code none} when not running
 * @param reason     why it is not running, or notes on a partial attach; empty when nothing to say
 */
public record HookStatus(String hook, boolean running, String attachPath, String reason) {
    public HookStatus {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(attachPath, "attachPath");
        Objects.requireNonNull(reason, "reason");
    }

    /** A hook that is not running, for {@code reason}. */
    public static HookStatus degraded(String hook, String reason) {
        return new HookStatus(hook, false, "none", reason);
    }
}
