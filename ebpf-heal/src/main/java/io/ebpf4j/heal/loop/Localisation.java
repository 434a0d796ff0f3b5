package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph half of the Analyze phase, once per period on the loop's snapshot: fault localisation,
 * the membership evidence ({@link MembershipEvidence}), the hysteresis in time
 * ({@link LocalisationHysteresis}), fault episodes and their detections, each diagnosis' earliest
 * evidence. One per loop thread: the loops of one process share it (they see the same graph), an
 * agent's loop has its own. Not thread-safe (the loop's thread).
 */
final class Localisation {
    private static final Logger LOG = LoggerFactory.getLogger(Localisation.class);

    private final FaultLocaliser localiser;
    private final LocalisationHysteresis hysteresis;
    private final Episodes episodes;
    private final int self;
    private final int label;
    private final KnowledgeStore store;
    private final HealMetrics metrics;
    private final DetectionListener detections;
    private final ServiceSignals services;
    private final Map<Long, Long> anomalousSince = new HashMap<>();
    private TreeSet<Integer> reported = new TreeSet<>();

    /**
     * @param self  the node whose loop this is (membership evidence never concerns it), -1 for the loops
     *              of one process (no membership evidence there)
     * @param label the {@code node} label of detections in the metrics (-1: mesh-wide)
     */
    Localisation(FaultLocaliser localiser, long periodNanos, int self, int label, KnowledgeStore store,
            HealMetrics metrics, DetectionListener detections, ServiceSignals services) {
        this.localiser = localiser;
        this.hysteresis = new LocalisationHysteresis(4 * periodNanos, 2_000_000_000L);
        this.episodes = new Episodes(Math.max(periodNanos * 10, 500_000_000L));
        this.self = self;
        this.label = label;
        this.store = store;
        this.metrics = metrics;
        this.detections = detections;
        this.services = services;
    }

    /** This period's diagnoses of {@code graph} (already without the absent members' records). */
    List<Diagnosis> diagnose(TelemetryGraph graph, Map<Integer, MemberState> members, long now) {
        report(MembershipEvidence.absentWithHealthyLinks(graph, members, self), members);
        List<Diagnosis> raw = MembershipEvidence.localise(graph, localiser.localise(graph), members, self);
        List<Diagnosis> diagnoses = hysteresis.apply(graph, raw, now);
        store.addDiagnoses(now, diagnoses);
        Map<String, Long> causes = causes(graph, diagnoses, now);
        episodes.update(diagnoses, now, causes, (subject, at, cause) -> {
            metrics.detection(label, diagnoses.stream().filter(d -> d.subject().equals(subject)).findFirst().orElseThrow());
            detections.detected(subject, at, cause);
        });
        return diagnoses;
    }

    /** The cause instant of each open episode (the planners' time to detect). */
    Map<String, Long> openCauses() {
        return episodes.causes();
    }

    /** Logs the nodes whose agent is absent while their links are healthy, when that set changes. */
    private void report(TreeSet<Integer> absent, Map<Integer, MemberState> members) {
        if (absent.equals(reported)) {
            return;
        }
        for (int n : absent) {
            if (!reported.contains(n)) {
                MemberState s = members.get(n);
                LOG.info("node {} ({}): its agent is {} but its links are healthy: its datapath keeps forwarding and "
                        + "answering probes; no fault, nothing done", n, s.name(), s.liveness().name().toLowerCase());
            }
        }
        for (int n : reported) {
            if (!absent.contains(n)) {
                LOG.info("node {}: no longer an absent agent with healthy links (its agent is back, or its links "
                        + "are sick: then it is a node fault)", n);
            }
        }
        for (int n : absent) {
            metrics.memberAbsent(n, true);
        }
        for (int n : reported) {
            if (!absent.contains(n)) {
                metrics.memberAbsent(n, false);
            }
        }
        reported = absent;
    }

    /** The earliest evidence of each diagnosis: its edges' first anomalous period, or the service alert's kernel time. */
    private Map<String, Long> causes(TelemetryGraph graph, List<Diagnosis> diagnoses, long now) {
        for (EdgeFeatures e : graph.edges()) {
            long key = ((long) e.from() << 32) | e.to();
            if (e.anomalous()) {
                anomalousSince.putIfAbsent(key, now);
            } else {
                anomalousSince.remove(key);
            }
        }
        Map<String, Long> out = new HashMap<>();
        for (Diagnosis d : diagnoses) {
            long cause = now;
            for (EdgeFeatures e : d.evidence()) {
                cause = Math.min(cause, anomalousSince.getOrDefault(((long) e.from() << 32) | e.to(), now));
            }
            if (d instanceof Diagnosis.ServiceFault s) {
                cause = services.failing(s.node()).map(f -> Math.min(now, f.sinceKernelNs())).orElse(now);
            }
            out.put(d.subject(), cause);
        }
        return out;
    }
}
