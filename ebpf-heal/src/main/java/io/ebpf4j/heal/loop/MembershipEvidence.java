package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the membership protocol adds to fault localisation ({@link SharedView#membership()}). A node
 * whose agent is not {@link Liveness#ALIVE} (suspect, leaving or dead) publishes nothing new, so:
 * <ol>
 *   <li><b>its own records are not evidence</b> ({@link #current}): they are frozen at its last
 *       publication; only the other nodes' edges towards it, measured now, count;</li>
 *   <li><b>absent agent + a sick link = a node fault</b> ({@link #localise}): one sick link of a node
 *       whose agent is gone is enough to diagnose the node (its replica takes its services), and its
 *       links are not reported one by one;</li>
 *   <li><b>absent agent + healthy links = no fault</b>: its datapath still forwards and answers the
 *       probes in XDP (an agent killed or restarting, the datapath pinned), so nothing is diagnosed and
 *       nothing done; the loop reports it ({@link #absentWithHealthyLinks}).</li>
 * </ol>
 * A view without membership evidence (one process) changes nothing. Stateless.
 */
final class MembershipEvidence {
    private MembershipEvidence() {}

    /** Whether {@code node}'s agent is known and not alive. */
    static boolean absent(Map<Integer, MemberState> members, int node) {
        MemberState s = members.get(node);
        return s != null && s.liveness() != Liveness.ALIVE;
    }

    /** {@code g} without the records of nodes whose agent is absent ({@code self} is always kept). */
    static TelemetryGraph current(TelemetryGraph g, Map<Integer, MemberState> members, int self) {
        if (members.isEmpty() || members.values().stream().allMatch(s -> s.liveness() == Liveness.ALIVE)) {
            return g;
        }
        List<NodeFeatures> nodes = g.nodes().stream().filter(n -> n.node() == self || !absent(members, n.node())).toList();
        List<EdgeFeatures> edges = g.edges().stream().filter(e -> e.from() == self || !absent(members, e.from())).toList();
        return new TelemetryGraph(g.monoNanos(), nodes, edges);
    }

    /**
     * {@code raw} (the localiser's diagnoses of {@code g}) with the membership evidence: each node whose
     * agent is absent and that has at least one sick link becomes a node fault (replacing the link and
     * service faults at it); the order of {@code raw} is kept, new node faults first.
     */
    static List<Diagnosis> localise(TelemetryGraph g, List<Diagnosis> raw, Map<Integer, MemberState> members, int self) {
        if (members.isEmpty()) {
            return raw;
        }
        TreeSet<Integer> down = new TreeSet<>();
        for (EdgeFeatures e : g.edges()) {
            if (e.anomalous()) {
                for (int end : new int[] {e.from(), e.to()}) {
                    if (end != self && absent(members, end)) {
                        down.add(end);
                    }
                }
            }
        }
        if (down.isEmpty()) {
            return raw;
        }
        List<Diagnosis> out = new ArrayList<>();
        for (int node : down) {
            if (raw.stream().noneMatch(d -> d instanceof Diagnosis.NodeFault f && f.node() == node)) {
                List<EdgeFeatures> evidence = g.edges().stream()
                        .filter(e -> e.anomalous() && (e.from() == node || e.to() == node))
                        .sorted(Comparator.comparingInt(EdgeFeatures::from).thenComparingInt(EdgeFeatures::to)).toList();
                double score = evidence.stream().mapToDouble(EdgeFeatures::score).filter(s -> !Double.isNaN(s)).max().orElse(0);
                out.add(new Diagnosis.NodeFault(node, evidence, score));
            }
        }
        for (Diagnosis d : raw) {
            boolean explained = switch (d) {
                case Diagnosis.LinkFault l -> down.contains(l.a()) || down.contains(l.b());
                case Diagnosis.ServiceFault s -> down.contains(s.node());
                case Diagnosis.NodeFault f -> false;
            };
            if (!explained) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The nodes whose agent is absent while no link of theirs is sick in {@code g}: reported, not
     * diagnosed. {@code self} is never among them.
     */
    static TreeSet<Integer> absentWithHealthyLinks(TelemetryGraph g, Map<Integer, MemberState> members, int self) {
        TreeSet<Integer> out = new TreeSet<>();
        for (MemberState s : members.values()) {
            if (s.node() != self && s.liveness() != Liveness.ALIVE) {
                out.add(s.node());
            }
        }
        for (EdgeFeatures e : g.edges()) {
            if (e.anomalous()) {
                out.remove(e.from());
                out.remove(e.to());
            }
        }
        return out;
    }
}
