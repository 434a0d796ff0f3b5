package io.ebpf4j.hooks.netevents;

import java.util.List;

/**
 * The tracepoints {@link NetEvents} uses, each with its two programs in net_events.bpf.o (one per
 * {@link NetAttachPath}) and the kernel BTF record types (any one suffices) the tracepoint program's
 * CO-RE relocations need.
 */
public enum NetTracepoint {
    /** {@code tcp:tcp_retransmit_skb}: a TCP segment was retransmitted. */
    TCP_RETRANSMIT_SKB("tcp", "tcp_retransmit_skb", "ne_retransmit",
            List.of("trace_event_raw_tcp_retransmit_skb", "trace_event_raw_tcp_event_sk_skb")),
    /** {@code sock:inet_sock_set_state}: a socket changed TCP state. */
    INET_SOCK_SET_STATE("sock", "inet_sock_set_state", "ne_set_state", List.of("trace_event_raw_inet_sock_set_state")),
    /** {@code skb:kfree_skb}: a packet was dropped (with a reason since Linux 5.17). */
    KFREE_SKB("skb", "kfree_skb", "ne_kfree_skb", List.of("trace_event_raw_kfree_skb")),
    /** {@code tcp:tcp_receive_reset}: a RST arrived on a socket. */
    TCP_RECEIVE_RESET("tcp", "tcp_receive_reset", "ne_receive_reset", List.of("trace_event_raw_tcp_event_sk")),
    /** {@code tcp:tcp_send_reset}: the kernel sent a RST. */
    TCP_SEND_RESET("tcp", "tcp_send_reset", "ne_send_reset",
            List.of("trace_event_raw_tcp_send_reset", "trace_event_raw_tcp_event_sk_skb"));

    private final String category;
    private final String event;
    private final String program;
    private final List<String> recordTypes;

    NetTracepoint(String category, String event, String program, List<String> recordTypes) {
        this.category = category;
        this.event = event;
        this.program = program;
        this.recordTypes = recordTypes;
    }

    /** The tracepoint's category (tracefs directory), e.g. {@code "tcp"}. */
    public String category() {
        return category;
    }

    /** The tracepoint's name, e.g. {@code "tcp_retransmit_skb"}. */
    public String event() {
        return event;
    }

    /** The program in net_events.bpf.o that reads the tracepoint's record ({@link NetAttachPath#TRACEPOINT}). */
    public String program() {
        return program;
    }

    /**
     * The program in net_events.bpf.o that reads the tracepoint's arguments ({@link
     * NetAttachPath#RAW_TRACEPOINT}): {@code ne_raw_} and the rest of {@link #program()}'s name.
     */
    public String rawProgram() {
        return "ne_raw_" + program.substring("ne_".length());
    }

    /** The kernel BTF typedef of the tracepoint's probe prototype, {@code btf_trace_<event>}: present when the kernel has it. */
    String btfTypedef() {
        return "btf_trace_" + event;
    }

    /** Kernel BTF struct names of the tracepoint's record; the kernel needs at least one. */
    public List<String> recordTypes() {
        return recordTypes;
    }

    @Override
    public String toString() {
        return category + ":" + event;
    }
}
