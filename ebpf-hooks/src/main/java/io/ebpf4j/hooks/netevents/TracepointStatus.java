package io.ebpf4j.hooks.netevents;

/**
 * Whether a tracepoint is in use.
 *
 * @param tracepoint the tracepoint
 * @param attached   whether its program is attached
 * @param reason     why not, or "attached"
 */
public record TracepointStatus(NetTracepoint tracepoint, boolean attached, String reason) {}
