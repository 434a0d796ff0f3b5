package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.HealAction;

/**
 * Makes the concrete recovery actions the rules choose. The planner never changes the network
 * itself: it asks this factory for a {@link HealAction} and returns it in a {@link Decision}; the
 * loop's executor applies it. Implemented by {@code io.ebpf4j.heal.act} on the real mesh and by
 * recording fakes in tests. Creating an action must not change anything (only {@code apply} does).
 */
public interface ActionFactory {
    /**
     * Node {@code node} stops using its direct link to {@code sickPeer}: every route whose next hop is
     * {@code sickPeer} (its service VIP included) goes via neighbour {@code via} instead.
     */
    HealAction rerouteAround(int node, int sickPeer, int via);

    /** Node {@code node} sends the service VIP of {@code owner} to {@code replica} (direct link) instead of to {@code owner}. */
    HealAction rerouteToReplica(int node, int owner, int replica);

    /** Node {@code node}'s filter drops traffic from {@code peer} (undo: allows it again). */
    HealAction denyPeer(int node, int peer);

    /** Changes nothing; reports {@code text} (log, journal) so an operator sees it. */
    HealAction alert(String text);
}
