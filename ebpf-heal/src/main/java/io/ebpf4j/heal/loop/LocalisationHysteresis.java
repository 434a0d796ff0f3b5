package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time around fault localisation, which on its own sees one snapshot. A node fault does not strike
 * all of a node's edges in the same period (each edge's detector crosses its threshold when its own
 * probes say so), nor do they all heal at once; a snapshot in between looks like single sick links.
 * Two rules keep such transitions from turning into wrong diagnoses:
 * <ul>
 *   <li><b>defer</b>: a link fault whose end has another edge already losing probes (not yet
 *       anomalous) is held back for up to {@code deferNanos}: it becomes a node fault, or clears,
 *       or stands alone and is reported then;</li>
 *   <li><b>stick</b>: for {@code stickNanos} after a node fault was last diagnosed, link faults at that
 *       node are reported as the node fault (its edges heal one by one).</li>
 * </ul>
 * Not thread-safe (the loop's thread).
 */
final class LocalisationHysteresis {
    private final long deferNanos;
    private final long stickNanos;
    private final Map<String, Long> deferredSince = new HashMap<>();
    private final Map<Integer, Diagnosis.NodeFault> lastNodeFault = new HashMap<>();
    private final Map<Integer, Long> lastNodeFaultAt = new HashMap<>();

    LocalisationHysteresis(long deferNanos, long stickNanos) {
        this.deferNanos = deferNanos;
        this.stickNanos = stickNanos;
    }

    List<Diagnosis> apply(TelemetryGraph g, List<Diagnosis> raw, long now) {
        Map<String, Diagnosis> out = new LinkedHashMap<>();
        for (Diagnosis d : raw) {
            if (d instanceof Diagnosis.NodeFault f) {
                lastNodeFault.put(f.node(), f);
                lastNodeFaultAt.put(f.node(), now);
            }
        }
        for (Diagnosis d : raw) {
            if (!(d instanceof Diagnosis.LinkFault l)) {
                out.putIfAbsent(d.subject(), d);
                continue;
            }
            Diagnosis.NodeFault sticky = sticky(l.a(), now);
            if (sticky == null) {
                sticky = sticky(l.b(), now);
            }
            if (sticky != null) {
                out.putIfAbsent(sticky.subject(), sticky);
                continue;
            }
            if (suspectNeighbourhood(g, l)) {
                long since = deferredSince.computeIfAbsent(l.subject(), s -> now);
                if (now - since < deferNanos) {
                    continue;
                }
            }
            out.putIfAbsent(l.subject(), l);
        }
        deferredSince.keySet().removeIf(s -> raw.stream().noneMatch(d -> d.subject().equals(s)));
        return new ArrayList<>(out.values());
    }

    private Diagnosis.NodeFault sticky(int node, long now) {
        Long at = lastNodeFaultAt.get(node);
        return at != null && now - at <= stickNanos ? lastNodeFault.get(node) : null;
    }

    /** Whether an end of {@code l} has another edge (either direction) losing probes or anomalous. */
    private static boolean suspectNeighbourhood(TelemetryGraph g, Diagnosis.LinkFault l) {
        for (EdgeFeatures e : g.edges()) {
            boolean sameLink = (e.from() == l.a() && e.to() == l.b()) || (e.from() == l.b() && e.to() == l.a());
            boolean touches = e.from() == l.a() || e.to() == l.a() || e.from() == l.b() || e.to() == l.b();
            if (touches && !sameLink && (e.anomalous() || e.lossRatio() > 0)) {
                return true;
            }
        }
        return false;
    }
}
