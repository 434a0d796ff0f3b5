package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAPE-K loops of a set of nodes, driven by one thread: every period (and at once when an alert
 * wakes it) each node monitors and analyses its links; the analysed edges and the nodes' service
 * signals form the telemetry graph; faults are localised on it once; then each node plans and
 * executes its own actions. Build with {@link HealLoopBuilder}. {@link #close()} stops the thread and
 * undoes every action in place; idempotent.
 */
public final class HealLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealLoop.class);

    /** The node label of mesh-wide detections (localisation uses every node's view). */
    private static final int MESH = -1;

    private final List<NodeLoop> nodes;
    private final SharedView view;
    private final ServiceSignals services;
    private final FaultLocaliser localiser;
    private final LiveOracle oracle;
    private final KnowledgeStore store;
    private final DecisionJournal journal;
    private final HealMetrics metrics;
    private final DetectionListener detections;
    private final java.util.function.Consumer<TelemetryGraph> graphs;
    private final SyscallShiftMonitor shifts;
    private final int size;
    private final long periodNanos;
    private final Episodes episodes;
    private final LocalisationHysteresis hysteresis;
    private final GraphStage stage;
    private final Map<String, String> decidedBy = new HashMap<>();
    private final Map<Long, Long> anomalousSince = new HashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final AutoCloseable[] owned;
    private volatile boolean running = true;
    private volatile long ticks;
    private boolean closed;

    HealLoop(List<NodeLoop> nodes, SharedView view, ServiceSignals services, FaultLocaliser localiser, LiveOracle oracle,
            KnowledgeStore store, DecisionJournal journal, HealMetrics metrics, DetectionListener detections,
            java.util.function.Consumer<TelemetryGraph> graphs, SyscallShiftMonitor shifts, GraphStage stage, int size,
            long periodNanos, AutoCloseable... owned) {
        this.nodes = List.copyOf(nodes);
        this.view = view;
        this.services = services;
        this.localiser = localiser;
        this.oracle = oracle;
        this.store = store;
        this.journal = journal;
        this.metrics = metrics;
        this.detections = detections;
        this.graphs = graphs;
        this.shifts = shifts;
        this.stage = stage;
        this.size = size;
        this.periodNanos = periodNanos;
        this.episodes = new Episodes(Math.max(periodNanos * 10, 500_000_000L));
        this.hysteresis = new LocalisationHysteresis(4 * periodNanos, 2_000_000_000L);
        this.owned = owned;
        this.thread = Thread.ofPlatform().name("heal-loop").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
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
            List<EdgeFeatures> edges = n.observe();
            view.publishEdges(edges);
        }
        long now = System.nanoTime();
        for (int j = 0; j < size; j++) {
            var failing = services.failing(j);
            view.publishNode(new NodeFeatures(j, "", 0, Double.NaN, failing.map(ServiceSignals.Failing::value).orElse(0.0),
                    failing.isPresent() ? 1 : 0, failing.isPresent()));
        }
        TelemetryGraph graph = view.snapshot(now);
        if (stage != null) {
            graph = stage.apply(graph, now);
        }
        store.addGraph(graph);
        graphs.accept(graph);
        oracle.update(graph);
        List<Diagnosis> diagnoses = hysteresis.apply(graph, localiser.localise(graph), now);
        store.addDiagnoses(now, diagnoses);
        for (Diagnosis d : diagnoses) {
            decidedBy.put(d.subject(), stage == null ? GraphStage.RULES : stage.decidedBy(d));
        }
        Map<String, Long> causes = causes(graph, diagnoses, now);
        episodes.update(diagnoses, now, causes, (subject, at, cause) -> {
            metrics.detection(MESH, diagnoses.stream().filter(d -> d.subject().equals(subject)).findFirst().orElseThrow());
            detections.detected(subject, at, cause);
        });
        Map<String, Long> open = episodes.causes();
        for (NodeLoop n : nodes) {
            n.act(diagnoses, now, open, decidedBy);
        }
        if (shifts != null) {
            shifts.tick(now);
        }
        ticks++;
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

    /** Stops the loop, undoes every action in place, closes the hooks it owns; idempotent. */
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
        for (int i = owned.length - 1; i >= 0; i--) {
            try {
                owned[i].close();
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
}
