package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.detect.Verdict;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import io.ebpf4j.heal.plan.DefaultRules;
import io.ebpf4j.heal.plan.Guards;
import io.ebpf4j.heal.plan.Planner;
import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.hooks.netevents.NetEventKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAPE-K loops of one or more nodes, driven by one thread: every period (and at once when an
 * alert wakes it) each node monitors and analyses its links and publishes them into the view; the
 * view's snapshot, with the membership evidence and this process's service signals, is the telemetry
 * graph; faults are localised on it once; then each node plans and executes its own actions. The
 * nodes of one process (the experiment, {@link HealLoopBuilder}) share it; an agent runs its own
 * node's ({@link NodeHealLoop}). {@link #close()} stops the thread and undoes every action in place
 * (or keeps them, {@link NodeHealLoop.OnClose}); idempotent.
 */
public final class HealLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealLoop.class);

    /** The node label of mesh-wide detections (localisation uses every node's view). */
    private static final int MESH = -1;

    /** One node's part: its description and the hooks its loop reads. */
    record Part(HealNode node, MeshFilter filter, Prober prober) {}

    private final List<NodeLoop> nodes;
    private final SharedView view;
    private final ServiceSignals services;
    private final Localisation localisation;
    private final LiveOracle oracle;
    private final KnowledgeStore store;
    private final DecisionJournal journal;
    private final Consumer<TelemetryGraph> graphs;
    private final SyscallShiftMonitor shifts;
    private final int self;
    private final long periodNanos;
    private final GraphStage stage;
    private final Map<String, String> decidedBy = new HashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final List<AutoCloseable> owned;
    private volatile boolean running = true;
    private volatile long ticks;
    private boolean closed;

    private HealLoop(List<NodeLoop> nodes, SharedView view, ServiceSignals services, Localisation localisation,
            LiveOracle oracle, KnowledgeStore store, DecisionJournal journal, Consumer<TelemetryGraph> graphs,
            SyscallShiftMonitor shifts, GraphStage stage, int self, long periodNanos, List<AutoCloseable> owned) {
        this.nodes = List.copyOf(nodes);
        this.view = view;
        this.services = services;
        this.localisation = localisation;
        this.oracle = oracle;
        this.store = store;
        this.journal = journal;
        this.graphs = graphs;
        this.shifts = shifts;
        this.stage = stage;
        this.self = self;
        this.periodNanos = periodNanos;
        this.owned = List.copyOf(owned);
        this.thread = Thread.ofPlatform().name(self < 0 ? "heal-loop" : "heal-loop-" + self).daemon().unstarted(this::run);
    }

    /**
     * Builds the loops of {@code parts} as {@code s} says and starts their thread.
     *
     * @param ownerOf the node whose service an address belongs to (reset alerts)
     * @param self    the node of an agent's loop (membership evidence is about the others), or -1 for
     *                the nodes of one process
     */
    static HealLoop start(List<Part> parts, LoopSettings s, Function<InetAddress, Optional<Integer>> ownerOf, int self) {
        long period = s.period.toNanos();
        SharedView view = s.view != null ? s.view : new MeshView();
        LiveOracle oracle = new LiveOracle(new TelemetryGraph(System.nanoTime(), List.of(), List.of()));
        KnowledgeStore store = KnowledgeStore.withDefaults();
        DecisionJournal dj = new DecisionJournal(s.journal);
        HealMetrics metrics = s.metrics != null ? s.metrics : HealMetrics.register(s.registry);
        HealLoop[] loop = new HealLoop[1];
        ServiceSignals signals = new ServiceSignals(ownerOf, () -> {
            if (loop[0] != null) {
                loop[0].wake();
            }
        });
        Localisation localisation = new Localisation(s.localiser, period, self, self < 0 ? MESH : self, store, metrics,
                s.detections, signals);
        List<NodeLoop> loops = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            long now = System.nanoTime();
            // the detectors learn for about 20 periods: an adopted route is judged after twice that
            long warmup = Math.max(40 * period, 2_000_000_000L);
            for (Part p : parts) {
                HealNode node = p.node();
                HealTable table = s.tables.apply(node.netns());
                table.install();
                AdoptedRoutes adopted = new AdoptedRoutes(node, table, now, warmup, s.guards.hold().toNanos());
                MeshActions actions = new MeshActions(node, p.filter(), table.routes(), s.alerts);
                EdgeMonitor monitor = new EdgeMonitor(node.node(), p.filter(), p.prober(), node.neighbours());
                EdgeAnalyzer analyzer = new EdgeAnalyzer(s.loss, s.rtt);
                DefaultRules rules = new DefaultRules(node.node(), actions, oracle, node::replica, s.remedies);
                Planner planner = new Planner(node.node(), rules, Guards.defaults(s.guards, () -> oracle));
                ServiceChecker checker = new ServiceChecker(node.netns(), signals, Duration.ofMillis(100));
                loops.add(new NodeLoop(node, monitor, analyzer, planner, checker, adopted, s.onClose, store, dj, metrics));
            }
            if (s.netEvents != null) {
                owned.add(AlertEngine.builder().netEvents(s.netEvents)
                        .rule(new AlertRule.EventCount(ServiceSignals.RULE_ID, Severity.CRITICAL,
                                Set.of(NetEventKind.RESET_RECEIVED), null, 1, Duration.ofMillis(300)))
                        .listener(signals).build());
            }
        } catch (RuntimeException | Error e) {
            loops.forEach(NodeLoop::close);
            owned.forEach(HealLoop::closeQuietly);
            dj.close();
            throw e;
        }
        SyscallShiftMonitor shifts = s.syscalls == null ? null : new SyscallShiftMonitor(s.syscalls,
                (int) Math.max(1, 1_000_000_000L / period), shift -> {
                    Verdict v = shift.verdict();
                    LOG.warn("syscall {} latency distribution {} (divergence {}, threshold {})", shift.syscall(),
                            shift.shifted() ? "shifted" : "back to normal", v.score(), v.threshold());
                    if (shift.shifted()) {
                        metrics.syscallShift(shift.syscall().name().toLowerCase());
                    }
                });
        GraphStage stage = s.graphDetector == null ? null
                : new GraphStage(s.graphDetector, s.detectorMode, s.detectorDeadline.toNanos(), dj, metrics);
        if (stage != null) {
            owned.add(stage);
        }
        HealLoop l = new HealLoop(loops, view, signals, localisation, oracle, store, dj, s.graphs, shifts, stage, self,
                period, owned);
        loop[0] = l;
        l.thread.start();
        return l;
    }

    /** Runs a period now instead of at the next tick (alerts call it). */
    void wake() {
        wake.release();
    }

    /** Periods run so far. */
    public long ticks() {
        return ticks;
    }

    /** The shared knowledge store. */
    public KnowledgeStore knowledge() {
        return store;
    }

    /** The planner states of every node's subjects that are not healthy, by node (a snapshot: racy, for reports). */
    Map<Integer, Map<String, io.ebpf4j.heal.plan.SubjectState>> states() {
        Map<Integer, Map<String, io.ebpf4j.heal.plan.SubjectState>> out = new TreeMap<>();
        nodes.forEach(n -> out.put(n.node(), n.states()));
        return out;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("heal loop period failed", e);
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime(); // overrun: do not try to catch up in a burst
                wait = 0;
            }
            try {
                if (wake.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tick() {
        for (NodeLoop n : nodes) {
            view.publishEdges(n.observe());
        }
        long now = System.nanoTime();
        for (NodeLoop n : nodes) {
            view.publishNode(features(n.node()));
        }
        Map<Integer, MemberState> members = view.membership();
        TelemetryGraph graph = withServiceSignals(MembershipEvidence.current(view.snapshot(now), members, self));
        if (stage != null) {
            graph = stage.apply(graph, now);
        }
        store.addGraph(graph);
        graphs.accept(graph);
        oracle.update(graph);
        List<Diagnosis> diagnoses = localisation.diagnose(graph, members, now);
        for (Diagnosis d : diagnoses) {
            decidedBy.put(d.subject(), stage == null ? GraphStage.RULES : stage.decidedBy(d));
        }
        Map<String, Long> open = localisation.openCauses();
        for (NodeLoop n : nodes) {
            n.act(diagnoses, now, open, decidedBy);
        }
        if (shifts != null) {
            shifts.tick(now);
        }
        ticks++;
    }

    /** Node {@code j}'s own features: whether this process sees its service failing. */
    private NodeFeatures features(int j) {
        var failing = services.failing(j);
        return new NodeFeatures(j, "", 0, Double.NaN, failing.map(ServiceSignals.Failing::value).orElse(0.0),
                failing.isPresent() ? 1 : 0, failing.isPresent());
    }

    /**
     * {@code g} with the services this process sees failing: a node's service is judged by its clients
     * (their resets and checks), not by the node, so each loop adds what its own nodes see to the
     * features the view holds (in one process every node's are published already: nothing changes).
     */
    private TelemetryGraph withServiceSignals(TelemetryGraph g) {
        Set<Integer> failing = services.failingNodes();
        if (failing.isEmpty()) {
            return g;
        }
        Map<Integer, NodeFeatures> byNode = new TreeMap<>();
        g.nodes().forEach(n -> byNode.put(n.node(), n));
        boolean changed = false;
        for (int j : failing) {
            NodeFeatures n = byNode.get(j);
            if (n == null || !n.anomalous() || !(n.serviceFailuresPerSec() > 0)) {
                NodeFeatures f = features(j);
                if (f.anomalous()) {
                    byNode.put(j, n == null ? f : new NodeFeatures(j, n.peer(), n.dropsPerSec(), n.syscallP99Micros(),
                            f.serviceFailuresPerSec(), Math.max(n.score(), f.score()), true));
                    changed = true;
                }
            }
        }
        return changed ? new TelemetryGraph(g.monoNanos(), new ArrayList<>(byNode.values()), g.edges()) : g;
    }

    /**
     * Stops the loop, undoes every action in place (or keeps them, as built), closes the hooks it owns
     * (not the nodes' filters and probers, nor the view); idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Throwable> errors = new ArrayList<>();
        for (NodeLoop n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        journal.close();
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the heal loop: " + errors.size() + " failures");
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort while failing
        }
    }
}
