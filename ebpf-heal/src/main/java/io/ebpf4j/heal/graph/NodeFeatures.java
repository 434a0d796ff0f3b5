package io.ebpf4j.heal.graph;

/**
 * One node of the telemetry graph: what the node measured of itself over the last period.
 *
 * @param peer              the node's SPIFFE ID (string form)
 * @param dropsPerSec       kernel packet drops (skb:kfree_skb) per second
 * @param syscallP99Micros  p99 of connect/sendto/recvfrom latency in the period, microseconds (NaN when no calls)
 * @param serviceFailuresPerSec connection refusals/resets from services on this node, as seen by its peers, per second
 * @param score             the analyzer's anomaly score for this node (0 when normal)
 * @param anomalous         whether the analyzer judged this node itself anomalous in this period
 */
public record NodeFeatures(int node, String peer, double dropsPerSec, double syscallP99Micros,
        double serviceFailuresPerSec, double score, boolean anomalous) {}
