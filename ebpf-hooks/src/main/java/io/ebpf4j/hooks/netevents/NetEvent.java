package io.ebpf4j.hooks.netevents;

/**
 * An event from {@link NetEvents}. Every event carries the kernel's timestamp (CLOCK_MONOTONIC ns,
 * {@code bpf_ktime_get_ns}) and {@link System#nanoTime()} when the listener was called (the same
 * clock on Linux), so {@link #deliveryLatencyNanos()} is the time from the kernel to the listener.
 */
public sealed interface NetEvent {
    /** When the kernel saw it: CLOCK_MONOTONIC, ns. */
    long kernelTimeNanos();

    /** {@link System#nanoTime()} when the listener was called. */
    long receivedNanos();

    /** The kind of the event. */
    NetEventKind kind();

    /**
     * Inode number of the network namespace the event happened in (what {@code stat} shows for
     * {@code /proc/PID/ns/net} or {@code /run/netns/NAME}; see {@link io.ebpf4j.netns.NetNs#inode}), 0 when
     * the kernel could not tell. The socket's namespace for TCP events, the packet's device's for
     * drops (and for resets sent without a socket).
     */
    long netnsInode();

    /** Nanoseconds from the kernel event to the listener call. */
    default long deliveryLatencyNanos() {
        return receivedNanos() - kernelTimeNanos();
    }

    /** A TCP segment to {@code remote} was retransmitted; {@code state} is the socket's state. */
    record Retransmit(long kernelTimeNanos, long receivedNanos, Endpoint local, Endpoint remote, TcpState state,
            long netnsInode)
            implements NetEvent {
        @Override
        public NetEventKind kind() {
            return NetEventKind.RETRANSMIT;
        }
    }

    /**
     * A RST sent to or received from {@code remote}. For resets sent on Linux 6.10+,
     * {@code reasonCode}/{@code reasonName} are the kernel's {@code enum sk_rst_reason} (name without
     * {@code SK_RST_REASON_}); otherwise 0 and "".
     */
    record Reset(long kernelTimeNanos, long receivedNanos, boolean sent, Endpoint local, Endpoint remote, TcpState state,
            int reasonCode, String reasonName, long netnsInode) implements NetEvent {
        @Override
        public NetEventKind kind() {
            return sent ? NetEventKind.RESET_SENT : NetEventKind.RESET_RECEIVED;
        }
    }

    /** A socket changed state; {@code protocol} is the IP protocol (6 TCP, 132 SCTP, 262 MPTCP). */
    record StateChange(long kernelTimeNanos, long receivedNanos, Endpoint local, Endpoint remote, TcpState oldState,
            TcpState newState, int protocol, long netnsInode) implements NetEvent {
        @Override
        public NetEventKind kind() {
            return NetEventKind.STATE_CHANGE;
        }
    }

    /** A packet was dropped; {@code ethertype} is {@code skb->protocol} (0x0800 IPv4, 0x86dd IPv6). */
    record Drop(long kernelTimeNanos, long receivedNanos, DropReason reason, int ethertype, long netnsInode)
            implements NetEvent {
        @Override
        public NetEventKind kind() {
            return NetEventKind.DROP;
        }
    }
}
