package io.ebpf4j.features;

import java.util.Objects;

/**
 * One probed capability: its {@link Status} and the evidence or reason in plain words (e.g.
 * "CONFIG_KPROBES is not set; no kprobe PMU at /sys/bus/event_source/devices/kprobe").
 *
 * @param status what the probe found
 * @param detail the evidence (when available) or the reason (otherwise); never null
 * @param remedy what to do to get it, or empty
 */
public record Availability(Status status, String detail, String remedy) {
    public Availability {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        remedy = remedy == null ? "" : remedy;
    }

    /** Usable now; {@code evidence} says how we know. */
    public static Availability available(String evidence) {
        return new Availability(Status.AVAILABLE, evidence, "");
    }

    /** The kernel has it but the system needs {@code remedy} first. */
    public static Availability needsSetup(String reason, String remedy) {
        return new Availability(Status.NEEDS_SETUP, reason, remedy);
    }

    /** Absent for {@code reason}. */
    public static Availability unavailable(String reason, String remedy) {
        return new Availability(Status.UNAVAILABLE, reason, remedy);
    }

    /** Not determined, for {@code reason}. */
    public static Availability unknown(String reason, String remedy) {
        return new Availability(Status.UNKNOWN, reason, remedy);
    }

    /** Whether it is usable now. */
    public boolean isAvailable() {
        return status == Status.AVAILABLE;
    }
}
