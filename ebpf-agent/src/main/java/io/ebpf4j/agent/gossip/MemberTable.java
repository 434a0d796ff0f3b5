package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.loop.MemberState;
import io.ebpf4j.heal.loop.MemberState.Liveness;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * The membership evidence: each member of the cluster (one run of one node's agent) with its state,
 * kept from the cluster library's membership events (added, leaving, removed) and from its SWIM
 * failure detector's verdicts (alive, suspect, with the member's incarnation). A verdict replaces the
 * state as SWIM orders them: a suspicion overrides "alive" of the same or an older incarnation, only a
 * newer incarnation (the member refuting the suspicion) overrides a suspicion; leaving and dead are
 * final for that run. One exception: an ack to this node's own probe clears a suspicion, whatever
 * the incarnation. The library asks a suspect member that answers its probe to refute, and the
 * refutation may come back in a table exchange this table does not see; the ack itself is direct
 * evidence that the member's agent runs. And a suspicion the library has neither confirmed (removed
 * the member) nor seen refuted in the gossip within its suspicion timeout, plus a margin, was refuted
 * in a table exchange: the library removes every suspect it does not hear from in time, so the member
 * is alive again. Thread-safe.
 */
final class MemberTable {
    private record Entry(int node, String name, Liveness liveness, long sinceNanos, int incarnation) {
        Entry to(Liveness l, int inc, long now) {
            return new Entry(node, name, l, l == liveness ? sinceNanos : now, Math.max(incarnation, inc));
        }
    }

    private final Map<String, Entry> members = new HashMap<>();
    private final LongSupplier clock;
    private final IntToLongFunction suspicionTimeout;

    /**
     * @param clock            {@link System#nanoTime()} or a test's
     * @param suspicionTimeout how long the library keeps a member suspect before removing it, by
     *                         number of members, plus a margin, nanoseconds
     */
    MemberTable(LongSupplier clock, IntToLongFunction suspicionTimeout) {
        this.clock = clock;
        this.suspicionTimeout = suspicionTimeout;
    }

    /** Member {@code id} (node {@code node}, named {@code name}) joined, alive. */
    synchronized void added(String id, int node, String name) {
        Entry e = members.get(id);
        if (e == null || e.liveness() == Liveness.SUSPECT) {
            members.put(id, new Entry(node, name, Liveness.ALIVE, clock.getAsLong(), e == null ? 0 : e.incarnation()));
        }
        // another run of the same node that is dead or leaving is history now
        members.entrySet().removeIf(m -> !m.getKey().equals(id) && m.getValue().node() == node
                && (m.getValue().liveness() == Liveness.DEAD || m.getValue().liveness() == Liveness.LEAVING));
    }

    /** Member {@code id} announced that it leaves. */
    synchronized void leaving(String id) {
        move(id, Liveness.LEAVING, -1);
    }

    /** Member {@code id} was removed from the membership. */
    synchronized void removed(String id) {
        move(id, Liveness.DEAD, -1);
    }

    /**
     * A SWIM verdict on member {@code id}: {@link Liveness#ALIVE} or {@link Liveness#SUSPECT} at
     * {@code incarnation} (negative: the local failure detector's verdict, at the incarnation known).
     * Other states are ignored: {@link #leaving} and {@link #removed} take them from the library's events.
     */
    synchronized void verdict(String id, Liveness l, int incarnation) {
        Entry e = members.get(id);
        if (e == null || e.liveness() == Liveness.LEAVING || e.liveness() == Liveness.DEAD
                || l == Liveness.LEAVING || l == Liveness.DEAD) {
            return; // leaving and dead come from the library's own events, which it emits once it is sure
        }
        int inc = incarnation < 0 ? e.incarnation() : incarnation;
        boolean overrides = l == Liveness.SUSPECT
                ? (e.liveness() == Liveness.ALIVE ? inc >= e.incarnation() : inc > e.incarnation())
                : incarnation < 0 || inc > e.incarnation() || e.liveness() == Liveness.ALIVE;
        if (overrides) {
            members.put(id, e.to(l, inc, clock.getAsLong()));
        }
    }

    private void move(String id, Liveness l, int inc) {
        Entry e = members.get(id);
        if (e != null && e.liveness() != Liveness.DEAD) {
            members.put(id, e.to(l, inc, clock.getAsLong()));
        }
    }

    /** The node number of member {@code id}, or -1 when unknown. */
    synchronized int nodeOf(String id) {
        Entry e = members.get(id);
        return e == null ? -1 : e.node();
    }

    /**
     * By node: the state of the node's run that is most alive (a restarted agent is alive even while
     * its previous run is still suspect), the latest change first among equals.
     */
    synchronized Map<Integer, MemberState> byNode() {
        long now = clock.getAsLong();
        long timeout = suspicionTimeout.applyAsLong((int) members.values().stream()
                .filter(e -> e.liveness() != Liveness.DEAD).count());
        members.replaceAll((id, e) -> e.liveness() == Liveness.SUSPECT && now - e.sinceNanos() > timeout
                ? e.to(Liveness.ALIVE, e.incarnation(), now) : e);
        Map<Integer, MemberState> out = new TreeMap<>();
        for (Entry e : members.values()) {
            MemberState s = new MemberState(e.node(), e.name(), e.liveness(), e.sinceNanos());
            out.merge(e.node(), s, (a, b) -> a.liveness().ordinal() != b.liveness().ordinal()
                    ? (a.liveness().ordinal() < b.liveness().ordinal() ? a : b)
                    : (a.sinceNanos() >= b.sinceNanos() ? a : b));
        }
        return out;
    }
}
