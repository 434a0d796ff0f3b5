package io.ebpf4j.heal.act;

import java.util.Objects;
import java.util.Optional;

/**
 * Sends the node's own traffic to one prefix another way: {@code route} in the loop's
 * {@link HealTable} (which only the node's own packets consult); {@link #undo()} deletes it, so the
 * main table's route applies again. The main table is never touched, so neither a downed link that
 * took the main route away nor a restart in between keeps the undo from working.
 *
 * <p>The table belongs to the loop: a route already there that equals {@code route} (left by an
 * earlier run, or by another action on the same prefix) is taken over ({@link ActionOutcome#unchanged});
 * undo deletes the prefix only while it still holds this action's route (an action that replaced it
 * since owns it now). Idempotent; thread-safe.
 */
public final class HealRouteAction implements HealAction {
    private final Routes table;
    private final Route route;
    private final String note;

    /**
     * @param table the heal table's routes ({@link HealTable#routes()})
     * @param route the route to put there
     * @param note  what the route does, in words, for the journal (e.g. {@code "V2 via node 3 (around link 0-2)"})
     */
    public HealRouteAction(Routes table, Route route, String note) {
        this.table = Objects.requireNonNull(table, "table");
        this.route = Objects.requireNonNull(route, "route");
        this.note = Objects.requireNonNull(note, "note");
    }

    @Override
    public String kind() {
        return "reroute";
    }

    @Override
    public String describe() {
        return table + ": " + route + " (" + note + ")";
    }

    /** The route this action puts in the heal table. */
    public Route route() {
        return route;
    }

    @Override
    public synchronized ActionOutcome apply() {
        Optional<Route> current;
        try {
            current = table.get(route.prefix());
        } catch (RuntimeException e) {
            return ActionOutcome.failed("reading the heal table's route to " + route.prefix() + ": " + e.getMessage());
        }
        if (current.isPresent() && route.matches(current.get())) {
            return ActionOutcome.unchanged(route + " already in the heal table: taken over");
        }
        try {
            table.replace(route);
        } catch (RuntimeException e) {
            return ActionOutcome.failed("route replace " + route + ": " + e.getMessage().strip());
        }
        return ActionOutcome.done(route + " (was " + current.map(Route::toString).orElse("the main table's route") + ")");
    }

    @Override
    public synchronized ActionOutcome undo() {
        try {
            Optional<Route> current = table.get(route.prefix());
            if (current.isEmpty()) {
                return ActionOutcome.unchanged("no heal route to " + route.prefix());
            }
            if (!route.matches(current.get())) {
                return ActionOutcome.unchanged("the heal route to " + route.prefix() + " is " + current.get()
                        + " now (another action's): left alone");
            }
            table.delete(route.prefix());
            return ActionOutcome.done("deleted " + route + ": the main table's route applies again");
        } catch (RuntimeException e) {
            return ActionOutcome.failed("deleting " + route + " from the heal table: " + e.getMessage().strip());
        }
    }

    @Override
    public String toString() {
        return "HealRouteAction[" + describe() + "]";
    }
}
