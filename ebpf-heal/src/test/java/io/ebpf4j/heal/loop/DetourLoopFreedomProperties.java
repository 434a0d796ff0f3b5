package io.ebpf4j.heal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.heal.plan.DefaultRules;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.Guards;
import io.ebpf4j.heal.plan.MeshPathOracle;
import io.ebpf4j.heal.plan.Planner;
import io.ebpf4j.hooks.identity.SpiffeId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The loop-free invariant of detours, over random meshes, faults and views that are stale or cut off
 * (each node decides on its own fresh links plus the others' records from any earlier round, or none;
 * the others' agents alive or suspect). Each node runs the real rules, planner and actions
 * ({@link DefaultRules}, {@link Planner}, {@link MeshActions} writing its heal table), its actions
 * staying in place from round to round. After every round packets are walked through the routes
 * actually installed, as the kernel routes them: a node's own packets look up its heal table, then
 * its main table; a packet it forwards looks up the main table only (which holds the operator's
 * shortest-path routes, minus those over links that are down). Every packet must be delivered or
 * dropped, never loop, and be deflected by a heal route at most once.
 */
class DetourLoopFreedomProperties {
    private static final int TTL = 64;

    /** A mesh: who is linked, and the operator's static routes (shortest paths on the whole mesh). */
    record Mesh(int n, boolean[][] linked, int[][] nextHop) {
        static Mesh of(int n, boolean[][] linked) {
            int[][] dist = new int[n][n];
            int[][] next = new int[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    dist[a][b] = a == b ? 0 : linked[a][b] ? 1 : 1000;
                    next[a][b] = linked[a][b] ? b : -1;
                }
            }
            for (int k = 0; k < n; k++) {
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        if (dist[a][k] + dist[k][b] < dist[a][b]) {
                            dist[a][b] = dist[a][k] + dist[k][b];
                            next[a][b] = next[a][k];
                        }
                    }
                }
            }
            return new Mesh(n, linked, next);
        }

        int replica(int j) {
            return (j + 1) % n;
        }

        boolean serves(int node, int service) {
            return node == service || node == replica(service);
        }

        static String address(int node, int peer) {
            return "10." + node + "." + peer + ".1";
        }

        static String prefix(int service) {
            return "198.19.0." + (service + 1) + "/32";
        }
    }

    /** An in-memory heal table. */
    static final class Table implements Routes {
        final Map<String, Route> routes = new LinkedHashMap<>();

        @Override
        public Optional<Route> get(String prefix) {
            return Optional.ofNullable(routes.get(Route.normalise(prefix)));
        }

        @Override
        public List<Route> list() {
            return List.copyOf(routes.values());
        }

        @Override
        public void replace(Route route) {
            routes.put(route.prefix(), route);
        }

        @Override
        public boolean delete(String prefix) {
            return routes.remove(Route.normalise(prefix)) != null;
        }

        @Override
        public Route lookup(String address) {
            throw new UnsupportedOperationException();
        }
    }

    /** Which round's records of node {@code a} node {@code i} decides on in round {@code round}; -1: none. */
    @FunctionalInterface
    interface ViewPick {
        int round(int i, int a, int round);
    }

    /** What a scenario produced. */
    record Seen(boolean detours, boolean crossed) {}

    @Property(tries = 400)
    void detoursNeverLoopWhateverTheViews(@ForAll @IntRange(min = 3, max = 6) int n,
            @ForAll @Size(min = 0, max = 8) List<@Size(2) List<@IntRange(min = 0, max = 5) Integer>> missingLinks,
            @ForAll @Size(min = 1, max = 5) List<@Size(min = 0, max = 4) List<@Size(2) List<@IntRange(min = 0, max = 5) Integer>>> rounds,
            @ForAll @Size(min = 36, max = 36) List<@IntRange(min = 0, max = 9) Integer> staleness,
            @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 0, max = 4) Integer> suspect,
            @ForAll @Size(3) List<@IntRange(min = 0, max = 5) Integer> sharedTarget) {
        boolean[][] linked = full(n);
        for (List<Integer> l : missingLinks) {
            int a = l.get(0) % n;
            int b = l.get(1) % n;
            if (a != b && degree(linked, a) > 1 && degree(linked, b) > 1) {
                linked[a][b] = false;
                linked[b][a] = false;
            }
        }
        // a clean first round (what stale views remember), the random rounds, and a last one where two
        // nodes lose their links to the same node (the stale-view loop's setting)
        List<List<List<Integer>>> faults = new ArrayList<>();
        faults.add(List.of());
        faults.addAll(rounds);
        int target = sharedTarget.get(0);
        faults.add(List.of(List.of(sharedTarget.get(1), target), List.of(sharedTarget.get(2), target)));
        Seen seen = run(Mesh.of(n, linked), faults, (i, a, round) -> {
            int pick = a == i ? 0 : staleness.get((i * 6 + a) % staleness.size());
            return pick > 6 ? -1 : Math.max(0, round - pick); // beyond 6: partitioned, never heard of a
        }, a -> suspect.get(a) == 0);
        Statistics.label("heal routes installed").collect(seen.detours());
        Statistics.label("heal routes installed").coverage(c -> c.check(true).percentage(pct -> pct > 20));
    }

    @Property(tries = 300)
    void twoNodesThatLoseTheSameNodeWhileCutOffMakeNoLoop(@ForAll @IntRange(min = 4, max = 6) int n,
            @ForAll @IntRange(min = 0, max = 5) int target,
            @ForAll @Size(max = 3) List<@Size(2) List<@IntRange(min = 0, max = 5) Integer>> earlier,
            @ForAll @Size(min = 36, max = 36) List<@IntRange(min = 0, max = 2) Integer> staleness) {
        int j = target % n;
        // i and k: the two lowest nodes but j and its replica (which serves j's service itself), so each
        // is the other's first detour to j
        int[] ik = java.util.stream.IntStream.range(0, n).filter(x -> x != j && x != (j + 1) % n).limit(2).toArray();
        int i = ik[0];
        int k = ik[1];
        // round 0 clean, round 1 some other faults, round 2: links i-j and k-j down. The gossip of i and
        // k is cut: they decide on everyone else's records of round 0 (both links to j still up); the
        // other nodes on any round's
        List<List<List<Integer>>> faults = List.of(List.of(), earlier, List.of(List.of(i, j), List.of(k, j)));
        Seen seen = run(Mesh.of(n, full(n)), faults, (x, a, round) -> {
            if (x == a) {
                return round;
            }
            if (x == i || x == k) {
                return 0;
            }
            return Math.max(0, round - staleness.get((x * 6 + a) % staleness.size()));
        }, a -> false);
        Statistics.label("the two nodes detour through each other").collect(seen.crossed());
        Statistics.label("the two nodes detour through each other").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    /**
     * Runs the rounds ({@code faults}: the links down in each) on {@code mesh}: every node decides on its
     * view ({@code pick}) with the real rules, planner and actions, its actions staying in place; after
     * each round every packet is walked through the installed routes and must be delivered or dropped,
     * deflected at most once.
     */
    private static Seen run(Mesh mesh, List<List<List<Integer>>> faults, ViewPick pick, java.util.function.IntPredicate suspect) {
        int n = mesh.n();
        List<boolean[][]> history = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        List<Planner> planners = new ArrayList<>();
        List<MeshPathOracle> oracles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Table t = new Table();
            tables.add(t);
            oracles.add(MeshPathOracle.fullMesh(1));
            planners.add(planner(mesh, i, t, oracles));
        }
        long now = 0;
        boolean detours = false;
        boolean crossed = false;
        for (List<List<Integer>> round : faults) {
            boolean[][] down = new boolean[n][n];
            for (List<Integer> f : round) {
                int a = f.get(0) % n;
                int b = f.get(1) % n;
                if (mesh.linked()[a][b]) {
                    down[a][b] = true;
                    down[b][a] = true;
                }
            }
            history.add(down);
            now += 1_000_000_000L;
            for (int i = 0; i < n; i++) {
                int self = i;
                TelemetryGraph view = view(mesh, history, a -> pick.round(self, a, history.size() - 1));
                Map<Integer, MemberState> members = new HashMap<>();
                for (int j = 0; j < n; j++) {
                    members.put(j, new MemberState(j, "n" + j, j != i && suspect.test(j) ? MemberState.Liveness.SUSPECT
                            : MemberState.Liveness.ALIVE, 0));
                }
                TelemetryGraph current = MembershipEvidence.current(view, members, i);
                List<Diagnosis> diagnoses = MembershipEvidence.localise(current,
                        new FaultLocaliser().localise(current), members, i);
                oracles.set(i, MeshPathOracle.of(current));
                for (Decision d : planners.get(i).plan(diagnoses, now)) {
                    if (d.kind() == Decision.Kind.APPLY) {
                        planners.get(i).outcome(d, d.action().apply());
                    } else if (d.kind() == Decision.Kind.UNDO) {
                        planners.get(i).outcome(d, d.action().undo());
                    }
                }
            }
            for (int a = 0; a < n; a++) {
                for (Route r : tables.get(a).routes.values()) {
                    Route back = tables.get(nodeOf(r)).routes.get(r.prefix());
                    crossed |= back != null && nodeOf(back) == a;
                }
                detours |= !tables.get(a).routes.isEmpty();
            }
            for (int src = 0; src < n; src++) {
                for (int service = 0; service < n; service++) {
                    if (!mesh.serves(src, service)) {
                        String outcome = walk(mesh, down, tables, src, service, true);
                        assertTrue(outcome.startsWith("delivered") || outcome.startsWith("dropped"), outcome);
                        assertTrue(!outcome.contains("deflected 2"), "deflected twice: " + outcome);
                    }
                }
            }
        }
        return new Seen(detours, crossed);
    }

    /** The node a route's next hop belongs to (addresses are {@code 10.<node>.<peer>.1}). */
    private static int nodeOf(Route r) {
        return Integer.parseInt(r.via().split("\\.")[1]);
    }

    private static Planner planner(Mesh mesh, int i, Table table, List<MeshPathOracle> oracles) {
        List<Neighbour> nbs = new ArrayList<>();
        for (int k = 0; k < mesh.n(); k++) {
            if (mesh.linked()[i][k]) {
                nbs.add(new Neighbour(k, id(k), InetAddress.ofLiteral(Mesh.address(k, i))));
            }
        }
        List<MeshService> services = new ArrayList<>();
        for (int j = 0; j < mesh.n(); j++) {
            services.add(new MeshService("s" + j, List.of(Mesh.prefix(j)), 7002, j, List.of(mesh.replica(j))));
        }
        HealNode node = new HealNode(i, id(i), null, nbs, services);
        MeshActions actions = new MeshActions(node, null, table, s -> { });
        var oracle = new io.ebpf4j.heal.plan.PathOracle() {
            @Override
            public boolean isNeighbour(int a, int b) {
                return oracles.get(i).isNeighbour(a, b);
            }

            @Override
            public boolean linkHealthy(int a, int b) {
                return oracles.get(i).linkHealthy(a, b);
            }

            @Override
            public java.util.OptionalInt alternativeVia(int a, int b) {
                return oracles.get(i).alternativeVia(a, b);
            }

            @Override
            public boolean hasOtherReachablePeer(int a, int b) {
                return oracles.get(i).hasOtherReachablePeer(a, b);
            }
        };
        GuardSettings quick = new GuardSettings(Duration.ZERO, Duration.ZERO, 1000, Duration.ofMinutes(1), 1000,
                Duration.ofMinutes(1));
        return new Planner(i, new DefaultRules(i, actions, oracle, node::replica, DefaultRules.REROUTES),
                Guards.defaults(quick, () -> oracle));
    }

    private static SpiffeId id(int node) {
        return SpiffeId.of("loop.test", "node", Integer.toString(node));
    }

    private static int degree(boolean[][] linked, int a) {
        int d = 0;
        for (boolean l : linked[a]) {
            d += l ? 1 : 0;
        }
        return d;
    }

    /** A view: each node's edges as of the round {@code roundOf} picks for it (-1: none of them). */
    private static TelemetryGraph view(Mesh mesh, List<boolean[][]> history, java.util.function.IntUnaryOperator roundOf) {
        List<EdgeFeatures> edges = new ArrayList<>();
        for (int a = 0; a < mesh.n(); a++) {
            int round = roundOf.applyAsInt(a);
            if (round < 0) {
                continue;
            }
            boolean[][] down = history.get(round);
            for (int b = 0; b < mesh.n(); b++) {
                if (mesh.linked()[a][b]) {
                    edges.add(new EdgeFeatures(a, b, down[a][b] ? 1 : 0, 50, 0, 0, 0, down[a][b] ? 10 : 0, down[a][b]));
                }
            }
        }
        return new TelemetryGraph(0, List.of(), edges);
    }

    /**
     * Walks a packet from {@code src} to {@code service}'s prefix through the installed routes, as the
     * kernel routes it ({@code ownOnly}: heal routes for the node's own packets only; else for every
     * packet, as main-table detours would be). Returns {@code delivered}, {@code dropped} or
     * {@code loop}, with the path and the number of heal deflections.
     */
    static String walk(Mesh mesh, boolean[][] down, List<Table> tables, int src, int service, boolean ownOnly) {
        Set<Long> seen = new HashSet<>();
        int at = src;
        boolean own = true;
        int deflections = 0;
        List<String> path = new ArrayList<>();
        for (int hop = 0; hop < TTL; hop++) {
            path.add(at + (own ? "(own)" : ""));
            String where = " " + path + " to service " + service + ", deflected " + deflections;
            if (mesh.serves(at, service)) {
                return "delivered" + where; // the node has the address itself
            }
            if (!seen.add(((long) at << 1) | (own || !ownOnly ? 1 : 0))) {
                return "loop" + where;
            }
            int next = -1;
            if (own || !ownOnly) {
                Route r = tables.get(at).routes.get(Mesh.prefix(service));
                if (r != null) {
                    next = nodeOf(r);
                    deflections++;
                }
            }
            if (next < 0) {
                next = mesh.nextHop()[at][service];
            }
            if (next < 0 || !mesh.linked()[at][next] || down[at][next]) {
                return "dropped" + where; // no route, or the route's link is down
            }
            at = next;
            own = false;
        }
        return "loop (TTL)" + path;
    }

    @Example
    void theClassicLoopOfStaleViewsIsNoLoopWhenDetoursAreTheNodesOwn() {
        // nodes 0 and 1 each send service 2 through the other (stale views: each thought the other's
        // link to 2 healthy); were the heal routes followed by forwarded packets too, 0 -> 1 -> 0 loops
        Mesh mesh = Mesh.of(4, full(4));
        boolean[][] down = new boolean[4][4];
        down[0][2] = down[2][0] = down[1][2] = down[2][1] = true;
        List<Table> tables = List.of(new Table(), new Table(), new Table(), new Table());
        tables.get(0).replace(Route.via(Mesh.prefix(2), Mesh.address(1, 0)));
        tables.get(1).replace(Route.via(Mesh.prefix(2), Mesh.address(0, 1)));
        assertTrue(walk(mesh, down, tables, 0, 2, false).startsWith("loop"), "the walk sees the loop of main-table detours");
        assertTrue(walk(mesh, down, tables, 0, 2, true).startsWith("dropped [0(own), 1]"),
                "node 1 forwards by its main table, whose route to 2 is on a downed link: dropped");
        down[1][2] = down[2][1] = false;
        assertTrue(walk(mesh, down, tables, 0, 2, true).startsWith("delivered [0(own), 1, 2]"),
                "link 1-2 up: delivered through node 1");
    }

    private static boolean[][] full(int n) {
        boolean[][] l = new boolean[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                l[a][b] = a != b;
            }
        }
        return l;
    }
}
