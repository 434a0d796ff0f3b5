package io.ebpf4j.heal.loop;

/** Told when a fault episode of a subject starts (its first diagnosis after a healthy spell). */
@FunctionalInterface
public interface DetectionListener {
    /**
     * @param subject    the diagnosis subject ({@code "link:0-1"}, {@code "node:2"}, {@code "service:3"})
     * @param monoNanos  when the loop diagnosed it
     * @param causeNanos the earliest evidence: the first anomalous period or the kernel time stamp of
     *                   the first alert behind it
     */
    void detected(String subject, long monoNanos, long causeNanos);
}
