package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.AlertAction;
import io.ebpf4j.heal.act.DenyPeerAction;
import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.act.RerouteAction;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.plan.ActionFactory;
import io.ebpf4j.hooks.mesh.MeshFilter;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The built-in actions on a {@link MeshTopology}: service routes moved to a detour or a replica with
 * {@code ip route replace} (undo: back to the direct route, re-added if a downed link took it away),
 * peers denied in the node's XDP filter, alerts to a sink. Where a node serves the service itself
 * (it is the replica) there is no route to move: the action is an alert saying so.
 */
final class MeshActions implements ActionFactory {
    private final MeshTopology mesh;
    private final IntFunction<MeshFilter> filters;
    private final Consumer<String> alerts;

    MeshActions(MeshTopology mesh, IntFunction<MeshFilter> filters, Consumer<String> alerts) {
        this.mesh = mesh;
        this.filters = filters;
        this.alerts = alerts;
    }

    @Override
    public HealAction rerouteAround(int node, int sickPeer, int via) {
        return moveService(node, sickPeer, via);
    }

    @Override
    public HealAction rerouteToReplica(int node, int owner, int replica) {
        return moveService(node, owner, replica);
    }

    private HealAction moveService(int node, int owner, int via) {
        if (node == mesh.replica(owner) || node == owner) {
            return alert("node " + node + " serves " + mesh.servicePrefix(owner) + " itself: no route to move");
        }
        String prefix = mesh.servicePrefix(owner);
        Route direct = new Route(prefix, mesh.linkAddress(owner, node), mesh.ifname(node, owner));
        Route detour = new Route(prefix, mesh.linkAddress(via, node), mesh.ifname(node, via));
        return new RerouteAction(mesh.routes(node), prefix, detour, direct);
    }

    @Override
    public HealAction denyPeer(int node, int peer) {
        return new DenyPeerAction(filters.apply(node), mesh.spiffeId(peer));
    }

    @Override
    public HealAction alert(String text) {
        return new AlertAction(alerts, text);
    }
}
