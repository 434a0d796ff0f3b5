package io.ebpf4j.heal.act;

import java.util.Objects;
import java.util.Optional;

/**
 * Moves one destination prefix to another next hop ({@code ip route replace}) and puts the old route
 * back on {@link #undo()}.
 *
 * <p>{@link #apply()} remembers the route in place the first time it changes anything (none, when a
 * link went down and took its routes with it) and is idempotent: when the replacement is already in
 * place it reports {@link ActionOutcome#unchanged}. {@link #undo()} re-adds the remembered route, or,
 * when there was none, the {@code restoreTo} route given at construction (e.g. the mesh's default
 * route, which a downed link removed), or else deletes the prefix. Re-adding fails while the old
 * route's device is still down; undo then reports a failed outcome with the reason, leaves the
 * replacement in place and can be retried. Nothing here throws for such expected failures.
 *
 * <p>Thread-safe (apply and undo are serialised).
 */
public final class RerouteAction implements HealAction {
    private final Routes routes;
    private final String prefix;
    private final Route replacement;
    private final Route restoreTo;
    private boolean applied;
    private Route previous;

    /** Reroutes {@code prefix} to {@code replacement}; undo restores what was there (or deletes). */
    public RerouteAction(Routes routes, String prefix, Route replacement) {
        this(routes, prefix, replacement, null);
    }

    /**
     * Reroutes {@code prefix} to {@code replacement}; undo restores what was there, or
     * {@code restoreTo} (may be null) when nothing was.
     */
    public RerouteAction(Routes routes, String prefix, Route replacement, Route restoreTo) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.prefix = Route.normalise(Objects.requireNonNull(prefix, "prefix"));
        this.replacement = Objects.requireNonNull(replacement, "replacement");
        if (!replacement.prefix().equals(this.prefix)) {
            throw new IllegalArgumentException("replacement " + replacement + " is not a route to " + this.prefix);
        }
        if (restoreTo != null && !restoreTo.prefix().equals(this.prefix)) {
            throw new IllegalArgumentException("restoreTo " + restoreTo + " is not a route to " + this.prefix);
        }
        this.restoreTo = restoreTo;
    }

    @Override
    public String kind() {
        return "reroute";
    }

    @Override
    public String describe() {
        return routes + ": " + replacement;
    }

    /** The prefix this action moves. */
    public String prefix() {
        return prefix;
    }

    /** The route apply puts in place. */
    public Route replacement() {
        return replacement;
    }

    /** Whether the replacement was put in place and not yet undone. */
    public synchronized boolean applied() {
        return applied;
    }

    @Override
    public synchronized ActionOutcome apply() {
        Optional<Route> current;
        try {
            current = routes.get(prefix);
        } catch (RuntimeException e) {
            return ActionOutcome.failed("reading the route to " + prefix + ": " + e.getMessage());
        }
        if (current.isPresent() && replacement.matches(current.get())) {
            return ActionOutcome.unchanged(replacement + " already in place");
        }
        try {
            routes.replace(replacement);
        } catch (RuntimeException e) {
            return ActionOutcome.failed("route replace " + replacement + ": " + e.getMessage().strip());
        }
        if (!applied) {
            previous = current.orElse(null);
            applied = true;
        }
        return ActionOutcome.done(replacement + " (was " + (current.isPresent() ? current.get() : "no route") + ")");
    }

    @Override
    public synchronized ActionOutcome undo() {
        if (!applied) {
            return ActionOutcome.unchanged("not applied");
        }
        Route back = previous != null ? previous : restoreTo;
        try {
            if (back == null) {
                routes.delete(prefix);
                applied = false;
                return ActionOutcome.done("deleted " + prefix + " (there was no route before)");
            }
            routes.replace(back);
            applied = false;
            return ActionOutcome.done("restored " + back);
        } catch (RuntimeException e) {
            return ActionOutcome.failed("restoring " + (back == null ? "no route to " + prefix : back) + ": "
                    + e.getMessage().strip());
        }
    }

    @Override
    public String toString() {
        return "RerouteAction[" + describe() + "]";
    }
}
