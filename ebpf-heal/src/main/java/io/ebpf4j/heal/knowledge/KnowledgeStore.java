package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.Decision;
import java.util.List;
import java.util.Optional;

/**
 * The loop's Knowledge: the most recent telemetry graphs, diagnoses, decisions and outcomes in
 * fixed-capacity rings, so memory does not grow with the run. Thread-safe: the loop writes while
 * metrics, the CLI or tests read. Queries return copies, oldest first.
 */
public final class KnowledgeStore {
    private final Ring<TelemetryGraph> graphs;
    private final Ring<DiagnosisRecord> diagnoses;
    private final Ring<Decision> decisions;
    private final Ring<OutcomeRecord> outcomes;

    /** A store keeping {@code graphs} graphs and {@code events} of each other kind. */
    public KnowledgeStore(int graphs, int events) {
        this.graphs = new Ring<>(graphs);
        this.diagnoses = new Ring<>(events);
        this.decisions = new Ring<>(events);
        this.outcomes = new Ring<>(events);
    }

    /** A store of 1000 graphs (10 s at 10 ms periods) and 10000 events of each kind. */
    public static KnowledgeStore withDefaults() {
        return new KnowledgeStore(1000, 10_000);
    }

    /** Records one period's graph. */
    public void addGraph(TelemetryGraph graph) {
        graphs.add(graph);
    }

    /** Records the diagnoses of the period at {@code monoNanos}. */
    public void addDiagnoses(long monoNanos, List<Diagnosis> list) {
        for (Diagnosis d : list) {
            diagnoses.add(new DiagnosisRecord(monoNanos, d));
        }
    }

    /** Records the planner's decisions. */
    public void addDecisions(List<Decision> list) {
        list.forEach(decisions::add);
    }

    /** Records what executing {@code decision} did. */
    public void addOutcome(Decision decision, ActionOutcome outcome) {
        outcomes.add(new OutcomeRecord(decision, outcome));
    }

    /** The newest graph, if any. */
    public Optional<TelemetryGraph> latestGraph() {
        List<TelemetryGraph> g = graphs.recent(1, x -> true);
        return g.isEmpty() ? Optional.empty() : Optional.of(g.getFirst());
    }

    /** Up to {@code n} newest graphs. */
    public List<TelemetryGraph> recentGraphs(int n) {
        return graphs.recent(n, x -> true);
    }

    /** Up to {@code n} newest diagnoses. */
    public List<DiagnosisRecord> recentDiagnoses(int n) {
        return diagnoses.recent(n, x -> true);
    }

    /** Up to {@code n} newest diagnoses of {@code subject}. */
    public List<DiagnosisRecord> diagnoses(String subject, int n) {
        return diagnoses.recent(n, r -> r.diagnosis().subject().equals(subject));
    }

    /** Up to {@code n} newest decisions. */
    public List<Decision> recentDecisions(int n) {
        return decisions.recent(n, x -> true);
    }

    /** Up to {@code n} newest decisions on {@code subject}. */
    public List<Decision> decisions(String subject, int n) {
        return decisions.recent(n, d -> d.subject().equals(subject));
    }

    /** Up to {@code n} newest outcomes. */
    public List<OutcomeRecord> recentOutcomes(int n) {
        return outcomes.recent(n, x -> true);
    }

    /** Up to {@code n} newest outcomes of decisions on {@code subject}. */
    public List<OutcomeRecord> outcomes(String subject, int n) {
        return outcomes.recent(n, o -> o.decision().subject().equals(subject));
    }

    /** How many graphs were ever added (kept or not). */
    public long graphsAdded() {
        return graphs.added();
    }

    /** How many decisions were ever added (kept or not). */
    public long decisionsAdded() {
        return decisions.added();
    }
}
