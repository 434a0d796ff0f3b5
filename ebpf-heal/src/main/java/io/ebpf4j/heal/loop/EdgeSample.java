package io.ebpf4j.heal.loop;

/**
 * What one period of probes and counters said about the directed edge {@code from -> to}.
 *
 * @param monoNanos     when the period ended (the snapshot was read)
 * @param probesDue     probes this node tried to send to {@code to} in the period (sent or refused)
 * @param replies       replies the XDP program recorded in the period
 * @param lossRatio     {@code 1 - replies / probesDue} clamped to [0, 1]; NaN when no probe was due
 * @param rttMicros     mean RTT of the period's replies, microseconds; NaN without replies
 * @param throughputBps bytes per second received from {@code to} (mesh filter counters)
 */
public record EdgeSample(int from, int to, long monoNanos, long probesDue, long replies, double lossRatio,
        double rttMicros, double throughputBps) {}
