package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.Evidence;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.JournalEntry;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.heal.plan.Planner;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's MAPE-K loop: Monitor ({@link EdgeMonitor}) and Analyze ({@link EdgeAnalyzer}) of its
 * own links, published into the {@link SharedView}; Plan ({@link Planner}) and Execute of its own
 * recovery actions on the diagnoses localised from that view; every decision into the Knowledge
 * (store, journal, metrics). Driven by {@link HealLoop}'s thread.
 */
final class NodeLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);

    private final int node;
    private final HealNode self;
    private final EdgeMonitor monitor;
    private final EdgeAnalyzer analyzer;
    private final LinkTrain train;
    private final Planner planner;
    private final ServiceChecker checker;
    private final AdoptedRoutes adopted;
    private final NodeHealLoop.OnClose onClose;
    private final KnowledgeStore store;
    private final DecisionJournal journal;
    private final HealMetrics metrics;
    private boolean closed;

    NodeLoop(HealNode self, EdgeMonitor monitor, EdgeAnalyzer analyzer, Planner planner, ServiceChecker checker,
            AdoptedRoutes adopted, NodeHealLoop.OnClose onClose, KnowledgeStore store, DecisionJournal journal,
            HealMetrics metrics) {
        this.node = self.node();
        this.self = self;
        this.monitor = monitor;
        this.analyzer = analyzer;
        this.train = new LinkTrain(monitor.filter(), monitor.prober(), 64, 60_000_000L, 10_000_000L);
        this.planner = planner;
        this.checker = checker;
        this.adopted = adopted;
        this.onClose = onClose;
        this.store = store;
        this.journal = journal;
        this.metrics = metrics;
    }

    int node() {
        return node;
    }

    /** Monitor and Analyze: this period's analysed edges. */
    List<EdgeFeatures> observe() {
        return analyzer.analyse(monitor.sample());
    }

    /** Plan and Execute on this period's diagnoses; {@code decidedBy}: the detector behind each subject's latest diagnosis. */
    void act(List<Diagnosis> diagnoses, long now, Map<String, Long> detectedAt, Map<String, String> decidedBy) {
        for (Decision d : planner.plan(diagnoses, now, detectedAt)) {
            execute(d, detectedAt, decidedBy.get(d.subject()));
        }
        adopted.tick(diagnoses, now);
        metrics.activeActions(node, planner.activeActions() + adopted.size());
    }

    /** The planner's subjects that are not healthy, with their state. */
    Map<String, io.ebpf4j.heal.plan.SubjectState> states() {
        return planner.states();
    }

    private void execute(Decision d, Map<String, Long> detectedAt, String decidedBy) {
        ActionOutcome outcome = null;
        switch (d.kind()) {
            case APPLY -> {
                outcome = d.action().apply();
                if (outcome.ok()) {
                    watchService(d.diagnosis(), true);
                    adopted.takenOver(d.action());
                }
            }
            case UNDO -> {
                LinkTrain.Result check = verifyLink(d.diagnosis());
                outcome = check != null && !check.passed()
                        ? ActionOutcome.failed("kept: the link fails a probe train (" + check.describe() + ")")
                        : d.action().undo();
                if (outcome.ok()) {
                    watchService(d.diagnosis(), false);
                }
            }
            case BLOCKED -> { }
        }
        if (outcome != null) {
            planner.outcome(d, outcome);
            store.addOutcome(d, outcome);
            LOG.info("node {}: {} {} ({}): {}", node, d.kind(), d.subject(), d.action().describe(), outcome.detail());
        } else {
            LOG.info("node {}: {} {} blocked by {}: {}", node, d.blockedKind(), d.subject(), d.guard(), d.reason());
        }
        store.addDecisions(List.of(d));
        metrics.decision(d, outcome);
        Evidence ev = evidence(d.diagnosis(), decidedBy);
        Long onset = detectedAt.get(d.subject());
        if (onset != null) {
            ev = ev.withOnset(onset);
        }
        journal.write(new JournalEntry(d, ev, outcome, Instant.now()));
    }

    /**
     * Before a link fault at this node is undone, a probe train over the link (a symptom that only
     * shows under load would otherwise be restored onto); null when the diagnosis is not such a link.
     */
    private LinkTrain.Result verifyLink(Diagnosis diag) {
        if (!(diag instanceof Diagnosis.LinkFault l) || (l.a() != node && l.b() != node)) {
            return null;
        }
        int peer = l.a() == node ? l.b() : l.a();
        return monitor.train(peer, train);
    }

    /**
     * Evidence of a diagnosis with the detector names of this node's edges where they support it, or the
     * graph detector's name when it alone flagged the evidence.
     */
    private Evidence evidence(Diagnosis diag, String decidedBy) {
        Evidence guess = Evidence.of(diag).withDecidedBy(decidedBy);
        if (decidedBy != null && !decidedBy.startsWith(GraphStage.RULES)) {
            return new Evidence(guess.signal(), decidedBy, diag.score(), 1.0, -1, decidedBy);
        }
        for (EdgeFeatures e : diag.evidence()) {
            if (e.from() == node) {
                boolean lossy = e.lossRatio() > 0;
                String detector = lossy ? analyzer.lossDetectorName(e.to()) : analyzer.rttDetectorName(e.to());
                return new Evidence(lossy ? "probe_loss" : "probe_rtt", detector, e.score(), 1.0, -1, decidedBy);
            }
        }
        return guess;
    }

    /** While a service subject is routed away from, its own instance is checked (see {@link ServiceChecker}). */
    private void watchService(Diagnosis diag, boolean on) {
        if (!(diag instanceof Diagnosis.ServiceFault s) || s.node() == node) {
            return;
        }
        Optional<Neighbour> nb = self.neighbour(s.node());
        List<MeshService> services = self.servicesOf(s.node());
        if (nb.isEmpty() || services.isEmpty()) {
            return;
        }
        if (on) {
            checker.watch(s.node(), new InetSocketAddress(nb.get().probeAddress(), services.getFirst().port()));
        } else {
            checker.unwatch(s.node());
        }
    }

    /**
     * Stops the service checks and, as {@link NodeHealLoop.OnClose} says, undoes every action in place
     * (guards bypassed) or keeps it for the next run to adopt; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (onClose == NodeHealLoop.OnClose.KEEP) {
                int kept = planner.activeActions() + adopted.size();
                planner.restoreAll(System.nanoTime()); // forgotten, not undone
                if (kept > 0) {
                    LOG.info("node {}: {} recovery action(s) kept in place: the next run adopts them", node, kept);
                }
                return;
            }
            for (Decision d : planner.restoreAll(System.nanoTime())) {
                if (d.action() != null) {
                    ActionOutcome o = d.action().undo();
                    journal.write(new JournalEntry(d, Evidence.of(d.diagnosis()), o, Instant.now()));
                    if (!o.ok()) {
                        LOG.warn("node {}: undoing {} on close failed: {}", node, d.action().describe(), o.detail());
                    }
                }
            }
        } finally {
            checker.close();
        }
    }
}
