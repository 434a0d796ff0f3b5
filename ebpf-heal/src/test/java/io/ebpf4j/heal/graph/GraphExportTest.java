package io.ebpf4j.heal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphExportTest {
    @Test
    void writesOneConsistentSnapshotPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("snapshots.jsonl");
        TelemetryGraph sick = Graphs.mesh(4, Set.of("1>2", "2>1"));
        try (GraphExport out = GraphExport.open(file)) {
            out.write(Graphs.mesh(4, Set.of()));
            out.write(sick, GraphLabels.fromSubjects(sick, Set.of("link:1-2", "service:3")));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            JsonNode s = mapper.readTree(line);
            assertEquals(123, s.get("t").asLong());
            int n = s.get("node_ids").size();
            assertEquals(4, n);
            assertEquals(n, s.get("x").size());
            s.get("x").forEach(row -> assertEquals(GraphExport.NODE_FEATURES.size(), row.size()));
            assertEquals(GraphExport.NODE_FEATURES.size(), s.get("node_features").size());
            JsonNode index = s.get("edge_index");
            assertEquals(2, index.size());
            int m = index.get(0).size();
            assertEquals(12, m);
            assertEquals(m, index.get(1).size());
            assertEquals(m, s.get("edge_attr").size());
            s.get("edge_attr").forEach(row -> assertEquals(GraphExport.EDGE_FEATURES.size(), row.size()));
            index.forEach(side -> side.forEach(i -> assertTrue(i.asInt() >= 0 && i.asInt() < n)));
        }
        JsonNode first = mapper.readTree(lines.get(0));
        assertFalse(first.has("y_node"));
        JsonNode second = mapper.readTree(lines.get(1));
        assertEquals("[0,0,0,2]", second.get("y_node").toString());
        int rtt = GraphExport.EDGE_FEATURES.indexOf("rtt_us");
        int anomalous = GraphExport.EDGE_FEATURES.indexOf("anomalous");
        for (int e = 0; e < 12; e++) {
            int src = second.get("edge_index").get(0).get(e).asInt();
            int dst = second.get("edge_index").get(1).get(e).asInt();
            boolean onLink = Math.min(src, dst) == 1 && Math.max(src, dst) == 2;
            assertEquals(onLink ? 1 : 0, second.get("y_edge").get(e).asInt());
            assertEquals(onLink ? 1 : 0, second.get("edge_attr").get(e).get(anomalous).asInt());
            assertEquals(onLink, second.get("edge_attr").get(e).get(rtt).isNull(), "NaN is written as null");
        }
    }

    @Test
    void edgeIndexUsesRowsNotNodeNumbers() {
        TelemetryGraph g = new TelemetryGraph(5, List.of(Graphs.node(7, 0, false), Graphs.node(3, 0, false)),
                List.of(new EdgeFeatures(3, 7, 0, 50, 0, 0, 0, 0, false)));
        JsonNode s = GraphExport.toJson(g, GraphLabels.none());
        assertEquals("[7,3]", s.get("node_ids").toString());
        assertEquals("[[1],[0]]", s.get("edge_index").toString());
    }

    @Test
    void rejectsDanglingEdgesAndMisalignedLabels() {
        TelemetryGraph g = new TelemetryGraph(5, List.of(Graphs.node(0, 0, false)),
                List.of(new EdgeFeatures(0, 9, 0, 50, 0, 0, 0, 0, false)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GraphExport.toJson(g, GraphLabels.none()))
                .getMessage().contains("node 9"));
        TelemetryGraph ok = Graphs.mesh(2, Set.of());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GraphExport.toJson(ok, new GraphLabels(List.of(0), null))).getMessage().startsWith("y_node"));
    }
}
