package io.ebpf4j.heal.act;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The actions in effect, newest last: {@link #close()} (or {@link #undoAll()}) undoes them newest
 * first, so stacked changes unwind in the right order. Thread-safe.
 */
public final class AppliedActions implements AutoCloseable {
    /** One undo: the action and what undoing it did. */
    public record Undone(HealAction action, ActionOutcome outcome) {}

    private final Deque<HealAction> stack = new ArrayDeque<>();

    /**
     * Applies {@code action} and, when the change is in place ({@link ActionOutcome#ok()}), records it
     * (once, however often it is applied).
     */
    public synchronized ActionOutcome apply(HealAction action) {
        Objects.requireNonNull(action, "action");
        ActionOutcome outcome = action.apply();
        if (outcome.ok() && !stack.contains(action)) {
            stack.addLast(action);
        }
        return outcome;
    }

    /** Undoes {@code action} now and forgets it when that worked (a failed undo stays for a retry). */
    public synchronized ActionOutcome undo(HealAction action) {
        ActionOutcome outcome = action.undo();
        if (outcome.ok()) {
            stack.remove(action);
        }
        return outcome;
    }

    /** The actions in effect, oldest first. */
    public synchronized List<HealAction> active() {
        return List.copyOf(stack);
    }

    /** Undoes every action, newest first, and forgets them all; returns what each undo did. */
    public synchronized List<Undone> undoAll() {
        List<Undone> done = new ArrayList<>();
        while (!stack.isEmpty()) {
            HealAction a = stack.removeLast();
            ActionOutcome o;
            try {
                o = a.undo();
            } catch (RuntimeException e) {
                o = ActionOutcome.failed("undo threw: " + e);
            }
            done.add(new Undone(a, o));
        }
        return done;
    }

    @Override
    public void close() {
        undoAll();
    }
}
