package io.ebpf4j.heal.graph;

/**
 * One directed edge of the telemetry graph: what node {@code from} measured of its link to node
 * {@code to} over the last period (its probes and its traffic towards that neighbour).
 *
 * @param lossRatio         share of probes lost in the period, 0..1 (NaN when none was due)
 * @param rttMicros         mean probe round-trip time in the period, microseconds (NaN without replies)
 * @param throughputBps     bytes per second received from {@code to} (mesh filter counters)
 * @param retransmitsPerSec TCP retransmits towards {@code to} per second
 * @param resetsPerSec      TCP resets exchanged with {@code to} per second
 * @param score             the analyzer's anomaly score for this edge (0 when normal)
 * @param anomalous         whether the analyzer judged this edge anomalous in this period
 */
public record EdgeFeatures(int from, int to, double lossRatio, double rttMicros, double throughputBps,
        double retransmitsPerSec, double resetsPerSec, double score, boolean anomalous) {}
