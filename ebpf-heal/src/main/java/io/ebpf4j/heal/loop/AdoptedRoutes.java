package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.act.HealRouteAction;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.SequenceAction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes a previous run of this node's loop left in its heal table (an agent stopped or killed
 * keeps its reroutes, like its datapath): adopted at start and kept while the new loop learns its
 * baseline and for the hold time after, and as long as anything at the service's node is diagnosed
 * sick; then deleted (the main table's route applies again). An action of the new loop on the same
 * prefix takes the route over. A route for a prefix no configured service has is deleted at once.
 * Not thread-safe (the loop's thread).
 */
final class AdoptedRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AdoptedRoutes.class);

    private static final class Adopted {
        final Route route;
        final int owner;
        long lastSickNanos = Long.MIN_VALUE;

        Adopted(Route route, int owner) {
            this.route = route;
            this.owner = owner;
        }

        Route route() {
            return route;
        }

        int owner() {
            return owner;
        }
    }

    private final HealNode self;
    private final HealTable table;
    private final long keepUntilNanos;
    private final long holdNanos;
    private final List<Adopted> adopted = new ArrayList<>();

    /**
     * Reads the table now.
     *
     * @param warmupNanos how long the new loop's detectors need before their silence means health
     * @param holdNanos   how long the service's node must then stay undiagnosed
     */
    AdoptedRoutes(HealNode self, HealTable table, long startNanos, long warmupNanos, long holdNanos) {
        this.self = self;
        this.table = table;
        this.keepUntilNanos = startNanos + warmupNanos;
        this.holdNanos = holdNanos;
        for (Route r : table.list()) {
            Optional<MeshService> s = self.serviceWithPrefix(r.prefix());
            if (s.isEmpty()) {
                LOG.info("node {}: heal route {} left by an earlier run is for no configured service: deleted", self.node(), r);
                table.routes().delete(r.prefix());
            } else {
                LOG.info("node {}: adopted heal route {} ({}) left by an earlier run: kept until the loop has judged node {}",
                        self.node(), r, s.get().name(), s.get().owner());
                adopted.add(new Adopted(r, s.get().owner()));
            }
        }
    }

    /** The number of adopted routes still in place. */
    int size() {
        return adopted.size();
    }

    /** An action this loop applied: an adopted route on one of its prefixes is its now. */
    void takenOver(HealAction action) {
        for (String prefix : prefixes(action)) {
            adopted.removeIf(a -> a.route().prefix().equals(prefix));
        }
    }

    /** One period: deletes the adopted routes whose node has been healthy long enough. */
    void tick(List<Diagnosis> diagnoses, long now) {
        if (adopted.isEmpty()) {
            return;
        }
        for (Iterator<Adopted> it = adopted.iterator(); it.hasNext();) {
            Adopted a = it.next();
            if (diagnoses.stream().anyMatch(d -> concerns(d, a.owner()))) {
                a.lastSickNanos = now;
                continue;
            }
            long healthySince = Math.max(keepUntilNanos, a.lastSickNanos == Long.MIN_VALUE ? keepUntilNanos : a.lastSickNanos);
            if (now - healthySince < holdNanos) {
                continue;
            }
            try {
                Optional<Route> current = table.routes().get(a.route().prefix());
                if (current.isPresent() && a.route().matches(current.get())) {
                    table.routes().delete(a.route().prefix());
                    LOG.info("node {}: adopted heal route {} deleted: node {} is healthy", self.node(), a.route(), a.owner());
                }
                it.remove();
            } catch (RuntimeException e) {
                LOG.warn("node {}: deleting the adopted heal route {} failed (retried next period): {}", self.node(),
                        a.route(), e.getMessage());
            }
        }
    }

    /** Whether {@code d} is about {@code owner}: its node, its service, or this node's link to it. */
    private boolean concerns(Diagnosis d, int owner) {
        return switch (d) {
            case Diagnosis.NodeFault f -> f.node() == owner;
            case Diagnosis.ServiceFault s -> s.node() == owner;
            case Diagnosis.LinkFault l -> (l.a() == owner && l.b() == self.node()) || (l.b() == owner && l.a() == self.node());
        };
    }

    private static List<String> prefixes(HealAction action) {
        return switch (action) {
            case HealRouteAction r -> List.of(r.route().prefix());
            case SequenceAction s -> s.steps().stream().flatMap(a -> prefixes(a).stream()).toList();
            default -> List.of();
        };
    }
}
