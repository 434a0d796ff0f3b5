package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.act.HealAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Several actions as one: applied in order (stopping at the first failure, undoing what was applied),
 * undone in reverse order.
 */
public record SequenceAction(List<HealAction> steps) implements HealAction {
    public SequenceAction {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a sequence needs at least one action");
        }
        steps = List.copyOf(steps);
    }

    @Override
    public String kind() {
        return String.join("+", steps.stream().map(HealAction::kind).toList());
    }

    @Override
    public String describe() {
        return String.join("; ", steps.stream().map(HealAction::describe).toList());
    }

    @Override
    public ActionOutcome apply() {
        List<String> details = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < steps.size(); i++) {
            ActionOutcome o = steps.get(i).apply();
            details.add(o.detail());
            changed |= o.changed();
            if (!o.ok()) {
                for (int j = i - 1; j >= 0; j--) {
                    steps.get(j).undo();
                }
                return new ActionOutcome(false, false, String.join("; ", details), o.monoNanos());
            }
        }
        return outcome(true, changed, details);
    }

    @Override
    public ActionOutcome undo() {
        List<String> details = new ArrayList<>();
        boolean ok = true;
        boolean changed = false;
        for (int i = steps.size() - 1; i >= 0; i--) {
            ActionOutcome o = steps.get(i).undo();
            details.add(o.detail());
            ok &= o.ok();
            changed |= o.changed();
        }
        return outcome(ok, changed, details);
    }

    private static ActionOutcome outcome(boolean ok, boolean changed, List<String> details) {
        return new ActionOutcome(ok, changed, String.join("; ", details), System.nanoTime());
    }
}
