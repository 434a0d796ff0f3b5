package io.ebpf4j.heal.experiment.traffic;

/** How one application request ended. */
public enum Outcome {
    /** Sent, no reply or error yet (still within its timeout). */
    PENDING,
    /** The echo came back intact. */
    OK,
    /** No echo within the timeout. */
    TIMEOUT,
    /** Connection refused (TCP RST to the SYN) or ICMP port unreachable (UDP). */
    REFUSED,
    /** The connection was reset after it was established, or closed before the echo was complete. */
    RESET,
    /** No route or host/network unreachable. */
    UNREACHABLE,
    /** Any other I/O error. */
    ERROR;

    /** True for every outcome but {@link #PENDING}. */
    public boolean resolved() {
        return this != PENDING;
    }
}
