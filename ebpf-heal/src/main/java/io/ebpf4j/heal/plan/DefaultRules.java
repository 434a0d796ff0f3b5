package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.Diagnosis;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * The mesh's default rules for one node:
 * <ul>
 *   <li>{@code LinkFault(a, b)} with this node at one end: reroute around the peer via a healthy
 *       detour ({@code reroute-around-link}).</li>
 *   <li>{@code NodeFault(j)}, j a neighbour: reroute j's service to its replica, and optionally deny j
 *       ({@code node-to-replica}); deny only when this node is j's replica and denying is on.</li>
 *   <li>{@code ServiceFault(j)}, j a neighbour: reroute j's service to its replica ({@code service-to-replica}).</li>
 *   <li>anything else: nothing, or an alert when {@code alertOthers}.</li>
 * </ul>
 * Nothing is done for this node's own faults (it cannot reroute around itself). A remedy whose kind
 * is not in {@code allowed} is not chosen (an alert instead when alerts are allowed).
 *
 * @param node    the node whose loop plans
 * @param factory makes the actions
 * @param oracle  picks detours (the same oracle the {@link LastPathGuard} checks)
 * @param replica the replica of a node's service, e.g. {@code j -> (j + 1) % n} (the node itself: none)
 * @param allowed the remedies this node may choose
 */
public record DefaultRules(int node, ActionFactory factory, PathOracle oracle, IntUnaryOperator replica,
        Set<RemedyKind> allowed) implements Rule {
    /** The reroutes: around a sick link, to a replica (no denying, no alerts). */
    public static final Set<RemedyKind> REROUTES = Collections.unmodifiableSet(
            EnumSet.of(RemedyKind.REROUTE_AROUND_LINK, RemedyKind.REROUTE_TO_REPLICA));

    public DefaultRules {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(oracle, "oracle");
        Objects.requireNonNull(replica, "replica");
        allowed = Collections.unmodifiableSet(allowed.isEmpty() ? EnumSet.noneOf(RemedyKind.class) : EnumSet.copyOf(allowed));
    }

    /**
     * The reroutes, plus denying a sick node when {@code denySick} and alerts for diagnoses not touching
     * this node when {@code alertOthers}.
     */
    public DefaultRules(int node, ActionFactory factory, PathOracle oracle, IntUnaryOperator replica, boolean denySick,
            boolean alertOthers) {
        this(node, factory, oracle, replica, kinds(denySick, alertOthers));
    }

    private static Set<RemedyKind> kinds(boolean denySick, boolean alertOthers) {
        Set<RemedyKind> s = EnumSet.copyOf(REROUTES);
        if (denySick) {
            s.add(RemedyKind.DENY_PEER);
        }
        if (alertOthers) {
            s.add(RemedyKind.ALERT);
        }
        return s;
    }

    /** The rules of the experiment mesh of {@code n} nodes: replica {@code (j + 1) % n}, no deny, no alerts. */
    public static DefaultRules mesh(int node, int n, ActionFactory factory, PathOracle oracle) {
        return new DefaultRules(node, factory, oracle, j -> (j + 1) % n, false, false);
    }

    /** Whether a sick node is also denied in this node's filter. */
    public boolean denySick() {
        return allowed.contains(RemedyKind.DENY_PEER);
    }

    /** Whether diagnoses this node does not act on raise an alert. */
    public boolean alertOthers() {
        return allowed.contains(RemedyKind.ALERT);
    }

    @Override
    public Optional<Remedy> remedy(Diagnosis diagnosis) {
        Optional<Remedy> r = switch (diagnosis) {
            case Diagnosis.LinkFault l when (l.a() == node || l.b() == node) && allowed.contains(RemedyKind.REROUTE_AROUND_LINK) ->
                    Optional.of(aroundLink(l.a() == node ? l.b() : l.a()));
            case Diagnosis.NodeFault f when touches(f.node()) -> toReplica("node-to-replica", f.node(), denySick());
            case Diagnosis.ServiceFault f when touches(f.node()) -> toReplica("service-to-replica", f.node(), false);
            default -> Optional.empty();
        };
        if (r.isEmpty() && alertOthers()) {
            String text = "node " + node + ": " + diagnosis.subject() + " is sick (score " + diagnosis.score() + ")";
            return Optional.of(new Remedy("alert", List.of(), () -> factory.alert(text)));
        }
        return r;
    }

    private boolean touches(int sick) {
        return sick != node && oracle.isNeighbour(node, sick);
    }

    private Remedy aroundLink(int peer) {
        return new Remedy("reroute-around-link", List.of(new Cut.Link(node, peer)), () -> {
            int via = oracle.alternativeVia(node, peer).orElseThrow(
                    () -> new IllegalStateException("node " + node + " has no healthy detour to node " + peer));
            return factory.rerouteAround(node, peer, via);
        });
    }

    private Optional<Remedy> toReplica(String rule, int owner, boolean deny) {
        int rep = replica.applyAsInt(owner);
        if (!allowed.contains(RemedyKind.REROUTE_TO_REPLICA)) {
            return deny ? Optional.of(new Remedy(rule, List.of(new Cut.Peer(node, owner)), () -> factory.denyPeer(node, owner)))
                    : Optional.empty();
        }
        if (rep == node || rep == owner) {
            // this node serves owner's VIP itself (or there is no replica): only denying is left
            return deny ? Optional.of(new Remedy(rule, List.of(new Cut.Peer(node, owner)), () -> factory.denyPeer(node, owner)))
                    : Optional.empty();
        }
        if (!deny) {
            return Optional.of(new Remedy(rule, List.of(new Cut.ToReplica(node, owner, rep)),
                    () -> factory.rerouteToReplica(node, owner, rep)));
        }
        return Optional.of(new Remedy(rule, List.of(new Cut.ToReplica(node, owner, rep), new Cut.Peer(node, owner)),
                () -> new SequenceAction(List.<HealAction>of(factory.rerouteToReplica(node, owner, rep), factory.denyPeer(node, owner)))));
    }
}
