package io.ebpf4j.heal.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.GraphExport;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One experiment run's labelled snapshots, in order, as {@link GraphExport} wrote them
 * ({@code graphs.jsonl}, written every period with {@code self-heal-demo --graph-every 1}), with the
 * run's seed and date from the {@code results.json} beside it when present.
 *
 * @param source    the file read
 * @param seed      the run's seed, or -1 when unknown
 * @param date      the run's start, or empty when unknown
 * @param snapshots the snapshots with their labels
 */
public record LabelledRun(String source, long seed, String date, List<Snapshot> snapshots) {
    public LabelledRun {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(date, "date");
        snapshots = List.copyOf(snapshots);
    }

    /**
     * One labelled snapshot: per node and per edge (in the graph's order) its {@link FaultClass} ordinal.
     * An edge is {@link FaultClass#LINK_FAULT} when its link is labelled faulty, else
     * {@link FaultClass#NODE_FAULT} when one of its ends is a faulty node.
     */
    public record Snapshot(TelemetryGraph graph, int[] nodeClass, int[] edgeClass) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads {@code file} (a {@code graphs.jsonl}); a directory means its {@code graphs.jsonl}.
     *
     * @throws IllegalArgumentException if a line is not a labelled snapshot (names the file and line)
     * @throws UncheckedIOException     if it cannot be read
     */
    public static LabelledRun read(Path file) {
        Path f = Files.isDirectory(file) ? file.resolve("graphs.jsonl") : file;
        List<Snapshot> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(snapshot(JSON.readTree(line)));
                } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException(f + " line " + no + ": not a labelled snapshot: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(f + " holds no snapshots");
        }
        long seed = -1;
        String date = "";
        Path results = f.resolveSibling("results.json");
        if (Files.isRegularFile(results)) {
            try {
                JsonNode run = JSON.readTree(results.toFile()).path("run");
                seed = run.path("seed").asLong(-1);
                date = run.path("date").asText("");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + results, e);
            }
        }
        return new LabelledRun(f.toString(), seed, date, out);
    }

    private static Snapshot snapshot(JsonNode o) {
        if (!o.has("y_node") || !o.has("y_edge")) {
            throw new IllegalArgumentException("it has no labels (y_node, y_edge): export it from the experiment");
        }
        int drops = column(o, "node_features", GraphExport.NODE_FEATURES.get(0));
        int syscall = column(o, "node_features", GraphExport.NODE_FEATURES.get(1));
        int failures = column(o, "node_features", GraphExport.NODE_FEATURES.get(2));
        int nScore = column(o, "node_features", GraphExport.NODE_FEATURES.get(3));
        int nAnom = column(o, "node_features", GraphExport.NODE_FEATURES.get(4));
        JsonNode ids = o.get("node_ids");
        JsonNode peers = o.path("peers");
        JsonNode x = o.get("x");
        List<NodeFeatures> nodes = new ArrayList<>();
        int[] nodeClass = new int[ids.size()];
        for (int r = 0; r < ids.size(); r++) {
            JsonNode row = x.get(r);
            nodes.add(new NodeFeatures(ids.get(r).asInt(), peers.path(r).asText(""), num(row, drops), num(row, syscall),
                    num(row, failures), num(row, nScore), num(row, nAnom) > 0));
            int y = o.get("y_node").get(r).asInt();
            nodeClass[r] = y == 1 ? FaultClass.NODE_FAULT.ordinal() : y == 2 ? FaultClass.SERVICE_FAULT.ordinal()
                    : FaultClass.HEALTHY.ordinal();
        }
        int[] cols = new int[GraphExport.EDGE_FEATURES.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = column(o, "edge_features", GraphExport.EDGE_FEATURES.get(i));
        }
        JsonNode src = o.get("edge_index").get(0);
        JsonNode dst = o.get("edge_index").get(1);
        JsonNode attr = o.get("edge_attr");
        List<EdgeFeatures> edges = new ArrayList<>();
        int[] edgeClass = new int[src.size()];
        for (int k = 0; k < src.size(); k++) {
            JsonNode a = attr.get(k);
            int s = src.get(k).asInt();
            int d = dst.get(k).asInt();
            edges.add(new EdgeFeatures(ids.get(s).asInt(), ids.get(d).asInt(), num(a, cols[0]), num(a, cols[1]),
                    num(a, cols[2]), num(a, cols[3]), num(a, cols[4]), num(a, cols[5]), num(a, cols[6]) > 0));
            boolean link = o.get("y_edge").get(k).asInt() == 1;
            boolean node = nodeClass[s] == FaultClass.NODE_FAULT.ordinal() || nodeClass[d] == FaultClass.NODE_FAULT.ordinal();
            edgeClass[k] = link ? FaultClass.LINK_FAULT.ordinal() : node ? FaultClass.NODE_FAULT.ordinal()
                    : FaultClass.HEALTHY.ordinal();
        }
        return new Snapshot(new TelemetryGraph(o.get("t").asLong(), nodes, edges), nodeClass, edgeClass);
    }

    private static int column(JsonNode o, String key, String name) {
        JsonNode names = o.get(key);
        for (int i = 0; i < names.size(); i++) {
            if (name.equals(names.get(i).asText())) {
                return i;
            }
        }
        throw new IllegalArgumentException(key + " has no column '" + name + "'");
    }

    private static double num(JsonNode row, int col) {
        JsonNode v = row.get(col);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
