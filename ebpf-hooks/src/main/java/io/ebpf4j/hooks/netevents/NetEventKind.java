package io.ebpf4j.hooks.netevents;

/** Kinds of {@link NetEvent}; {@link #bit()} is the kind's bit in the object's event mask. */
public enum NetEventKind {
    RETRANSMIT,
    RESET_SENT,
    RESET_RECEIVED,
    STATE_CHANGE,
    DROP;

    /** {@code 1 << kind} as in net_events.bpf.c's {@code enum ne_kind}. */
    public int bit() {
        return 1 << ordinal();
    }
}
