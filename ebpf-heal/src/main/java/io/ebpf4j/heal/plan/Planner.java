package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision.Kind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan phase of one node's loop: each period it takes the current diagnoses and returns what to
 * apply or undo. A subject that becomes sick gets its rule's action (if the guards allow); once it
 * has been healthy for the hold time the action is undone. In between nothing happens, so a signal
 * that flickers cannot make the node flicker. Refusals are returned as {@link Kind#BLOCKED}
 * decisions (once per guard and kind in a row, not every period) so the journal shows them.
 *
 * <p>The planner assumes every returned apply/undo is executed; report failures with
 * {@link #outcome(Decision, ActionOutcome)}. Time is passed in ({@code monoNanos}), never read, so
 * the planner is deterministic. Not thread-safe: the loop's thread only.
 */
public final class Planner {
    private final int node;
    private final Rule rule;
    private final Guards guards;
    private final Ledger ledger;
    private final Map<String, Track> tracks = new LinkedHashMap<>();

    /** A planner for {@code node} choosing remedies with {@code rule} behind {@code guards}. */
    public Planner(int node, Rule rule, Guards guards) {
        this.node = node;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.guards = Objects.requireNonNull(guards, "guards");
        this.ledger = new Ledger(guards.horizonNanos());
    }

    /** The node this planner plans for. */
    public int node() {
        return node;
    }

    /** {@link #plan(List, long, Map)} with every episode detected at its first period here. */
    public List<Decision> plan(List<Diagnosis> diagnoses, long monoNanos) {
        return plan(diagnoses, monoNanos, Map.of());
    }

    /**
     * Plans one period.
     *
     * @param diagnoses   the subjects sick in this period (several for one subject: the highest score counts)
     * @param monoNanos   now
     * @param detectedAt  per subject, the first anomalous instant if known earlier than now (e.g. the
     *                    kernel cause of the first alert); used only when an episode starts
     * @return the decisions, in subject order of first appearance
     */
    public List<Decision> plan(List<Diagnosis> diagnoses, long monoNanos, Map<String, Long> detectedAt) {
        ledger.prune(monoNanos);
        Map<String, Diagnosis> current = new LinkedHashMap<>();
        for (Diagnosis d : diagnoses) {
            current.merge(d.subject(), d, (a, b) -> b.score() > a.score() ? b : a);
        }
        List<Decision> out = new ArrayList<>();
        for (Diagnosis d : current.values()) {
            Track t = tracks.get(d.subject());
            if (t == null) {
                t = new Track(d, Math.min(detectedAt.getOrDefault(d.subject(), monoNanos), monoNanos));
                tracks.put(d.subject(), t);
            }
            t.diagnosis = d;
            t.healthySince = -1;
            if (t.applied == null) {
                tryApply(t, monoNanos, out);
            }
        }
        for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Track> e = it.next();
            Track t = e.getValue();
            if (current.containsKey(e.getKey())) {
                continue;
            }
            if (t.applied == null) {
                it.remove();
                continue;
            }
            if (t.healthySince < 0) {
                t.healthySince = monoNanos;
            }
            if (tryUndo(t, monoNanos, out)) {
                it.remove();
            }
        }
        return out;
    }

    private void tryApply(Track t, long now, List<Decision> out) {
        Optional<Remedy> remedy = rule.remedy(t.diagnosis);
        if (remedy.isEmpty()) {
            return;
        }
        Remedy r = remedy.get();
        String subject = t.diagnosis.subject();
        Optional<Guards.Block> block = guards.check(new GuardRequest(Kind.APPLY, node, subject, r.cuts(), -1, now), ledger);
        if (block.isPresent()) {
            blocked(t, r.rule(), Kind.APPLY, block.get(), null, now, out);
            return;
        }
        HealAction action;
        try {
            action = Objects.requireNonNull(r.action().get(), "the rule made no action");
        } catch (RuntimeException e) {
            blocked(t, r.rule(), Kind.APPLY, new Guards.Block("rule", String.valueOf(e.getMessage()), false), null, now, out);
            return;
        }
        ledger.record(subject, now);
        t.applied = action;
        t.rule = r.rule();
        t.lastBlock = null;
        out.add(new Decision(node, subject, t.diagnosis, Kind.APPLY, action, r.rule(), null, null, null, now, t.detectedNanos));
    }

    private boolean tryUndo(Track t, long now, List<Decision> out) {
        String subject = t.diagnosis.subject();
        Optional<Guards.Block> block = guards.check(
                new GuardRequest(Kind.UNDO, node, subject, List.of(), t.healthySince, now), ledger);
        if (block.isPresent()) {
            blocked(t, t.rule, Kind.UNDO, block.get(), t.applied, now, out);
            return false;
        }
        ledger.record(subject, now);
        out.add(new Decision(node, subject, t.diagnosis, Kind.UNDO, t.applied, t.rule, null, null, null, now, t.detectedNanos));
        return true;
    }

    private void blocked(Track t, String ruleName, Kind what, Guards.Block b, HealAction inPlace, long now,
            List<Decision> out) {
        if (b.quiet()) {
            return;
        }
        String key = what + "/" + b.guard();
        if (!key.equals(t.lastBlock)) {
            t.lastBlock = key;
            out.add(new Decision(node, t.diagnosis.subject(), t.diagnosis, Kind.BLOCKED, inPlace, ruleName, b.guard(),
                    b.reason(), what, now, t.detectedNanos));
        }
    }

    /**
     * Tells the planner how an executed decision went. A failed apply leaves the subject sick
     * without an action (retried once the guards allow); a failed undo leaves the action in place
     * (the undo is retried later).
     */
    public void outcome(Decision decision, ActionOutcome outcome) {
        if (outcome.ok() || !decision.toggles()) {
            return;
        }
        ledger.retract(decision.subject(), decision.monoNanos());
        if (decision.kind() == Kind.APPLY) {
            Track t = tracks.get(decision.subject());
            if (t != null && t.applied == decision.action()) {
                t.applied = null;
                t.healthySince = -1;
            }
        } else if (!tracks.containsKey(decision.subject())) {
            Track t = new Track(decision.diagnosis(), decision.detectedNanos());
            t.applied = decision.action();
            t.rule = decision.rule();
            t.healthySince = decision.monoNanos();
            tracks.put(decision.subject(), t);
        }
    }

    /** Undo decisions for every action in place, bypassing the guards (the loop is closing); forgets all subjects. */
    public List<Decision> restoreAll(long monoNanos) {
        List<Decision> out = new ArrayList<>();
        for (Track t : tracks.values()) {
            if (t.applied != null) {
                out.add(new Decision(node, t.diagnosis.subject(), t.diagnosis, Kind.UNDO, t.applied, t.rule, null, null,
                        null, monoNanos, t.detectedNanos));
            }
        }
        tracks.clear();
        return out;
    }

    /** The state of every subject not healthy, in order of first appearance. */
    public Map<String, SubjectState> states() {
        Map<String, SubjectState> m = new LinkedHashMap<>();
        tracks.forEach((s, t) -> m.put(s, t.state()));
        return m;
    }

    /** The number of actions in place. */
    public int activeActions() {
        return (int) tracks.values().stream().filter(t -> t.applied != null).count();
    }
}
