package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every member's latest publication, by node. A publication is taken only when its version (epoch,
 * then seq) is newer than the last one taken from that node, so duplicates, stale and reordered
 * gossips never overwrite newer records. {@link #forget} drops a node's records but keeps its version,
 * so a late gossip of a removed member does not bring them back. Thread-safe.
 */
final class LatestRecords {
    private record Version(long epoch, long seq) {}

    private final Map<Integer, Publication> latest = new TreeMap<>();
    private final Map<Integer, Version> versions = new HashMap<>();

    /** Takes {@code p} when it is newer than what this holds of its node; whether it was taken. */
    synchronized boolean offer(Publication p) {
        Version v = versions.get(p.node());
        if (v != null && !p.newerThan(v.epoch(), v.seq())) {
            return false;
        }
        versions.put(p.node(), new Version(p.epoch(), p.seq()));
        latest.put(p.node(), p);
        return true;
    }

    /** Drops {@code node}'s records, keeping their version; whether there were any. */
    synchronized boolean forget(int node) {
        return latest.remove(node) != null;
    }

    /** The latest publication of {@code node}, or null. */
    synchronized Publication of(int node) {
        return latest.get(node);
    }

    /** Every node's features, ordered by node. */
    synchronized List<NodeFeatures> nodes() {
        List<NodeFeatures> out = new ArrayList<>();
        latest.values().forEach(p -> p.self().ifPresent(out::add));
        return out;
    }

    /** Every node's edges, ordered by node then as published. */
    synchronized List<EdgeFeatures> edges() {
        List<EdgeFeatures> out = new ArrayList<>();
        latest.values().forEach(p -> out.addAll(p.edges()));
        return out;
    }
}
