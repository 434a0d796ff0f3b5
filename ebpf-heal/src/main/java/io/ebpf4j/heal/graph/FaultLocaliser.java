package io.ebpf4j.heal.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the anomalous flags of a telemetry graph into diagnoses. A link (the unordered pair a-b) is
 * sick when either of its directed edges is anomalous. Then:
 * <ol>
 *   <li>{@link Diagnosis.NodeFault}: a node with at least {@code minSickLinks} sick links and at most
 *       {@code healthyLinksTolerated} healthy ones (a blackholed node makes all its links sick); its
 *       links are not reported again. Chosen greedily, the node with most sick links first; a link to
 *       a node already diagnosed counts for neither side of its other end (it is explained), so the
 *       neighbours of a blackholed node are not blamed for it in small meshes.</li>
 *   <li>{@link Diagnosis.LinkFault}: every other sick link.</li>
 *   <li>{@link Diagnosis.ServiceFault}: a node flagged anomalous with service failures above 0 while all
 *       its links are healthy; evidence are the edges that saw resets towards or from it.</li>
 * </ol>
 * Order: node faults, link faults, service faults, each by ascending node numbers. Evidence edges are
 * sorted by (from, to); a diagnosis' score is the largest score of its evidence (and of its node).
 * Stateless and thread-safe.
 */
public final class FaultLocaliser {
    /**
     * Configuration.
     *
     * @param minSickLinks          fewest sick links of a node fault (>= 2; default 2)
     * @param healthyLinksTolerated most healthy links a node fault may keep (>= 0; default 1)
     */
    public record Config(int minSickLinks, int healthyLinksTolerated) {
        public Config {
            if (minSickLinks < 2) {
                throw new IllegalArgumentException("minSickLinks must be >= 2: " + minSickLinks);
            }
            if (healthyLinksTolerated < 0) {
                throw new IllegalArgumentException("healthyLinksTolerated must be >= 0: " + healthyLinksTolerated);
            }
        }

        /** At least two sick links, at most one healthy. */
        public static Config defaults() {
            return new Config(2, 1);
        }
    }

    private static final Comparator<EdgeFeatures> BY_ENDS =
            Comparator.comparingInt(EdgeFeatures::from).thenComparingInt(EdgeFeatures::to);

    private final Config config;

    /** A localiser with configuration {@code config}. */
    public FaultLocaliser(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /** A localiser with {@link Config#defaults()}. */
    public FaultLocaliser() {
        this(Config.defaults());
    }

    /** The diagnoses supported by {@code g}'s anomalous flags (empty when all is healthy). */
    public List<Diagnosis> localise(TelemetryGraph g) {
        Map<Long, List<EdgeFeatures>> links = new TreeMap<>();
        Map<Integer, TreeSet<Long>> incident = new TreeMap<>();
        for (EdgeFeatures e : g.edges()) {
            if (e.from() == e.to()) {
                continue;
            }
            long link = GraphScores.key(Math.min(e.from(), e.to()), Math.max(e.from(), e.to()));
            links.computeIfAbsent(link, k -> new ArrayList<>()).add(e);
            incident.computeIfAbsent(e.from(), k -> new TreeSet<>()).add(link);
            incident.computeIfAbsent(e.to(), k -> new TreeSet<>()).add(link);
        }
        List<Diagnosis> out = new ArrayList<>();
        TreeSet<Integer> sickNodes = new TreeSet<>();
        for (int node = nextSickNode(links, incident, sickNodes); node >= 0;
                node = nextSickNode(links, incident, sickNodes)) {
            sickNodes.add(node);
            List<EdgeFeatures> evidence = new ArrayList<>();
            incident.get(node).forEach(link -> evidence.addAll(anomalous(links.get(link))));
            evidence.sort(BY_ENDS);
            out.add(new Diagnosis.NodeFault(node, evidence, Math.max(maxScore(evidence), nodeScore(g, node))));
        }
        out.sort(Comparator.comparingInt(d -> ((Diagnosis.NodeFault) d).node()));
        for (Map.Entry<Long, List<EdgeFeatures>> l : links.entrySet()) {
            int a = (int) (l.getKey() >>> 32);
            int b = (int) (long) l.getKey();
            List<EdgeFeatures> bad = anomalous(l.getValue());
            if (!bad.isEmpty() && !sickNodes.contains(a) && !sickNodes.contains(b)) {
                out.add(new Diagnosis.LinkFault(a, b, bad, maxScore(bad)));
            }
        }
        List<NodeFeatures> nodes = new ArrayList<>(g.nodes());
        nodes.sort(Comparator.comparingInt(NodeFeatures::node));
        for (NodeFeatures n : nodes) {
            if (!n.anomalous() || !(n.serviceFailuresPerSec() > 0) || sickNodes.contains(n.node())) {
                continue;
            }
            TreeSet<Long> own = incident.getOrDefault(n.node(), new TreeSet<>());
            if (own.stream().allMatch(link -> anomalous(links.get(link)).isEmpty())) {
                List<EdgeFeatures> evidence = new ArrayList<>();
                own.forEach(link -> links.get(link).stream().filter(e -> e.resetsPerSec() > 0).forEach(evidence::add));
                evidence.sort(BY_ENDS);
                out.add(new Diagnosis.ServiceFault(n.node(), evidence, Math.max(n.score(), maxScore(evidence))));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The next node fault: among nodes not yet diagnosed, counting only links to nodes not yet diagnosed
     * (a link to a sick node is explained by it), a node qualifying by the configured counts with the most
     * sick links, then the fewest healthy ones, then the lowest number; -1 when none qualifies.
     */
    private int nextSickNode(Map<Long, List<EdgeFeatures>> links, Map<Integer, TreeSet<Long>> incident,
            Set<Integer> sickNodes) {
        int best = -1;
        int bestSick = 0;
        int bestHealthy = 0;
        for (Map.Entry<Integer, TreeSet<Long>> n : incident.entrySet()) {
            if (sickNodes.contains(n.getKey())) {
                continue;
            }
            int sick = 0;
            int healthy = 0;
            for (long link : n.getValue()) {
                int other = (int) (link >>> 32) == n.getKey() ? (int) link : (int) (link >>> 32);
                if (!sickNodes.contains(other)) {
                    if (anomalous(links.get(link)).isEmpty()) {
                        healthy++;
                    } else {
                        sick++;
                    }
                }
            }
            boolean qualifies = sick >= config.minSickLinks() && healthy <= config.healthyLinksTolerated();
            if (qualifies && (best < 0 || sick > bestSick || (sick == bestSick && healthy < bestHealthy))) {
                best = n.getKey();
                bestSick = sick;
                bestHealthy = healthy;
            }
        }
        return best;
    }

    private static List<EdgeFeatures> anomalous(List<EdgeFeatures> edges) {
        return edges.stream().filter(EdgeFeatures::anomalous).sorted(BY_ENDS).toList();
    }

    private static double maxScore(List<EdgeFeatures> edges) {
        return edges.stream().mapToDouble(EdgeFeatures::score).filter(s -> !Double.isNaN(s)).max().orElse(0);
    }

    private static double nodeScore(TelemetryGraph g, int node) {
        return g.nodes().stream().filter(n -> n.node() == node).mapToDouble(NodeFeatures::score)
                .filter(s -> !Double.isNaN(s)).max().orElse(0);
    }
}
