package io.ebpf4j.heal.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes telemetry snapshots as JSON lines a GNN training script reads directly (for example into a
 * PyTorch Geometric {@code Data(x, edge_index, edge_attr, y)}), one snapshot per line:
 * <pre>{@code
 * {"t": monoNanos, "node_ids": [0, 1, ...], "peers": ["spiffe://...", ...],
 *  "node_features": ["drops_per_sec", ...], "x": [[...], ...],
 *  "edge_features": ["loss_ratio", ...], "edge_index": [[src...], [dst...]], "edge_attr": [[...], ...],
 *  "y_node": [...], "y_edge": [...]}
 * }</pre>
 * {@code edge_index} holds row indices into {@code x} ({@code node_ids[row]} is the node number);
 * {@code x} and {@code edge_attr} columns are named by {@code node_features} and {@code edge_features};
 * booleans are 0/1; NaN (no data) is written as {@code null}. {@code y_node}/{@code y_edge} appear only
 * with labels (see {@link GraphLabels}). Not thread-safe.
 */
public final class GraphExport implements Closeable {
    /** Columns of {@code x}. */
    public static final List<String> NODE_FEATURES =
            List.of("drops_per_sec", "syscall_p99_us", "service_failures_per_sec", "score", "anomalous");
    /** Columns of {@code edge_attr}. */
    public static final List<String> EDGE_FEATURES = List.of("loss_ratio", "rtt_us", "throughput_bps",
            "retransmits_per_sec", "resets_per_sec", "score", "anomalous");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Writer out;

    /** Writes to {@code out} (closed by {@link #close()}). */
    public GraphExport(Writer out) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        this.out = out;
    }

    /** Creates (or truncates) {@code file} and writes to it. */
    public static GraphExport open(Path file) throws IOException {
        return new GraphExport(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Writes {@code g} without labels. */
    public void write(TelemetryGraph g) throws IOException {
        write(g, GraphLabels.none());
    }

    /** Writes {@code g} with {@code labels} as one line. */
    public void write(TelemetryGraph g, GraphLabels labels) throws IOException {
        out.write(MAPPER.writeValueAsString(toJson(g, labels)));
        out.write('\n');
    }

    /**
     * The JSON object of one snapshot.
     *
     * @throws IllegalArgumentException if an edge names a node missing from {@code g.nodes()}, or a label
     *                                  list's size differs from the node or edge count
     */
    public static ObjectNode toJson(TelemetryGraph g, GraphLabels labels) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("t", g.monoNanos());
        Map<Integer, Integer> row = new HashMap<>();
        ArrayNode ids = o.putArray("node_ids");
        ArrayNode peers = o.putArray("peers");
        stringArray(o.putArray("node_features"), NODE_FEATURES);
        ArrayNode x = o.putArray("x");
        for (NodeFeatures n : g.nodes()) {
            if (row.putIfAbsent(n.node(), row.size()) != null) {
                throw new IllegalArgumentException("node " + n.node() + " appears twice");
            }
            ids.add(n.node());
            peers.add(n.peer());
            numbers(x.addArray(), n.dropsPerSec(), n.syscallP99Micros(), n.serviceFailuresPerSec(), n.score(),
                    n.anomalous() ? 1 : 0);
        }
        stringArray(o.putArray("edge_features"), EDGE_FEATURES);
        ArrayNode index = o.putArray("edge_index");
        ArrayNode src = index.addArray();
        ArrayNode dst = index.addArray();
        ArrayNode attr = o.putArray("edge_attr");
        for (EdgeFeatures e : g.edges()) {
            src.add(rowOf(row, e.from(), e));
            dst.add(rowOf(row, e.to(), e));
            numbers(attr.addArray(), e.lossRatio(), e.rttMicros(), e.throughputBps(), e.retransmitsPerSec(),
                    e.resetsPerSec(), e.score(), e.anomalous() ? 1 : 0);
        }
        labels(o, "y_node", labels.yNode(), g.nodes().size());
        labels(o, "y_edge", labels.yEdge(), g.edges().size());
        return o;
    }

    private static int rowOf(Map<Integer, Integer> row, int node, EdgeFeatures e) {
        Integer r = row.get(node);
        if (r == null) {
            throw new IllegalArgumentException("edge " + e.from() + "->" + e.to() + " names node " + node
                    + " which is not among the snapshot's nodes");
        }
        return r;
    }

    private static void stringArray(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void numbers(ArrayNode a, double... values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }

    private static void labels(ObjectNode o, String name, List<Integer> y, int expected) {
        if (y == null) {
            return;
        }
        if (y.size() != expected) {
            throw new IllegalArgumentException(name + " has " + y.size() + " labels for " + expected + " items");
        }
        ArrayNode a = o.putArray(name);
        y.forEach(a::add);
    }

    /** Flushes what was written. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
