package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.AlertAction;
import io.ebpf4j.heal.act.DenyPeerAction;
import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.act.HealRouteAction;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.heal.plan.ActionFactory;
import io.ebpf4j.heal.plan.SequenceAction;
import io.ebpf4j.hooks.mesh.MeshFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in actions of one node ({@link HealNode}): its services' prefixes sent via a detour or to
 * a replica by a route in the node's heal table ({@link HealRouteAction}: the node's own traffic only,
 * so no detour ever forwards another node's packets further), peers denied in the node's XDP filter,
 * alerts to a sink. A service the node serves itself (it is its owner or one of its replicas) has no
 * route to move; when nothing is left to move the action is an alert saying so.
 */
final class MeshActions implements ActionFactory {
    private final HealNode self;
    private final MeshFilter filter;
    private final Routes table;
    private final Consumer<String> alerts;

    MeshActions(HealNode self, MeshFilter filter, Routes table, Consumer<String> alerts) {
        this.self = self;
        this.filter = filter;
        this.table = table;
        this.alerts = alerts;
    }

    @Override
    public HealAction rerouteAround(int node, int sickPeer, int via) {
        check(node);
        List<HealAction> steps = new ArrayList<>();
        for (MeshService s : self.servicesOf(sickPeer)) {
            if (!s.servedBy(node)) {
                route(s, via, "around link " + node + "-" + sickPeer, steps);
            }
        }
        return of(steps, "node " + node + " serves every service of node " + sickPeer + " itself: no route to move");
    }

    @Override
    public HealAction rerouteToReplica(int node, int owner, int replica) {
        check(node);
        List<HealAction> steps = new ArrayList<>();
        for (MeshService s : self.servicesOf(owner)) {
            if (s.servedBy(node)) {
                continue;
            }
            int to = s.replicas().contains(replica) ? replica : s.replicas().stream()
                    .filter(r -> self.neighbour(r).isPresent()).findFirst().orElse(-1);
            if (to >= 0) {
                route(s, to, "replica of node " + owner, steps);
            }
        }
        return of(steps, "node " + node + " serves every service of node " + owner + " itself: no route to move");
    }

    private void route(MeshService s, int via, String why, List<HealAction> steps) {
        String nextHop = self.neighbour(via).orElseThrow(() -> new IllegalStateException(
                "node " + via + " is no neighbour of node " + self.node() + ": no route through it")).probeAddress().getHostAddress();
        for (String prefix : s.prefixes()) {
            steps.add(new HealRouteAction(table, Route.via(prefix, nextHop), s.name() + " via node " + via + ", " + why));
        }
    }

    private HealAction of(List<HealAction> steps, String nothing) {
        return switch (steps.size()) {
            case 0 -> alert(nothing);
            case 1 -> steps.getFirst();
            default -> new SequenceAction(steps);
        };
    }

    @Override
    public HealAction denyPeer(int node, int peer) {
        check(node);
        return new DenyPeerAction(filter, self.neighbour(peer).orElseThrow(() -> new IllegalStateException(
                "node " + peer + " is no neighbour of node " + node + ": no identity to deny")).id());
    }

    @Override
    public HealAction alert(String text) {
        return new AlertAction(alerts, text);
    }

    private void check(int node) {
        if (node != self.node()) {
            throw new IllegalArgumentException("the actions of node " + self.node() + " cannot act for node " + node);
        }
    }
}
