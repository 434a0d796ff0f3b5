package io.ebpf4j.hooks.netevents;

/**
 * Whether a tracepoint is in use.
 *
 * @param tracepoint the tracepoint
 * @param attached   whether its program is attached
 * @param reason     why not, or "attached" (on the raw tracepoint path: "attached as a raw tracepoint")
 */
public record TracepointStatus(NetTracepoint tracepoint, boolean attached, String reason) {
    /** One readable line: "tcp:tcp_retransmit_skb attached", or "skb:kfree_skb skipped: REASON". */
    @Override
    public String toString() {
        return tracepoint + (attached ? " " + reason : " skipped: " + reason);
    }
}
