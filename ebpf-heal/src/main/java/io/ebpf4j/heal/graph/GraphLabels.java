package io.ebpf4j.heal.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Ground-truth labels of one exported snapshot, aligned with the snapshot's node and edge order.
 * Node labels: 0 healthy, 1 node fault, 2 service fault. Edge labels: 0 healthy, 1 its link is faulty.
 *
 * @param yNode one label per node of the snapshot, or null for none
 * @param yEdge one label per edge of the snapshot, or null for none
 */
public record GraphLabels(List<Integer> yNode, List<Integer> yEdge) {
    public GraphLabels {
        yNode = yNode == null ? null : List.copyOf(yNode);
        yEdge = yEdge == null ? null : List.copyOf(yEdge);
    }

    /** No labels. */
    public static GraphLabels none() {
        return new GraphLabels(null, null);
    }

    /**
     * Labels of {@code g} from the subjects of the faults active at its instant (the injector's log,
     * {@code Fault.subject()} = {@link Diagnosis#subject()}): {@code "node:j"}, {@code "service:j"},
     * {@code "link:a-b"}.
     */
    public static GraphLabels fromSubjects(TelemetryGraph g, Collection<String> subjects) {
        List<Integer> nodes = new ArrayList<>();
        for (NodeFeatures n : g.nodes()) {
            nodes.add(subjects.contains("node:" + n.node()) ? 1 : subjects.contains("service:" + n.node()) ? 2 : 0);
        }
        List<Integer> edges = new ArrayList<>();
        for (EdgeFeatures e : g.edges()) {
            String link = "link:" + Math.min(e.from(), e.to()) + "-" + Math.max(e.from(), e.to());
            edges.add(subjects.contains(link) ? 1 : 0);
        }
        return new GraphLabels(nodes, edges);
    }
}
