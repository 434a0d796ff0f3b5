package io.ebpf4j.hooks.netevents;

/** TCP states as the kernel numbers them (include/net/tcp_states.h). */
public enum TcpState {
    UNKNOWN(0),
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    TIME_WAIT(6),
    CLOSE(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11),
    NEW_SYN_RECV(12);

    private static final TcpState[] BY_VALUE = values();

    private final int value;

    TcpState(int value) {
        this.value = value;
    }

    /** The kernel's value. */
    public int value() {
        return value;
    }

    /** The state with kernel value {@code v}, {@link #UNKNOWN} for any other. */
    public static TcpState of(int v) {
        return v > 0 && v < BY_VALUE.length ? BY_VALUE[v] : UNKNOWN;
    }
}
