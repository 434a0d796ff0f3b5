package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.act.HealAction;
import java.util.ArrayList;
import java.util.List;

/** An in-memory action factory recording what it was asked to make; its actions record applies and undos. */
final class RecordingFactory implements ActionFactory {
    final List<String> made = new ArrayList<>();
    final List<String> executed = new ArrayList<>();

    /** A fake action: applying or undoing only records the call. */
    final class Fake implements HealAction {
        private final String kind;
        private final String describe;
        boolean applied;

        Fake(String kind, String describe) {
            this.kind = kind;
            this.describe = describe;
            made.add(describe);
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public String describe() {
            return describe;
        }

        @Override
        public ActionOutcome apply() {
            executed.add("apply " + describe);
            boolean changed = !applied;
            applied = true;
            return new ActionOutcome(true, changed, "applied " + describe, 0);
        }

        @Override
        public ActionOutcome undo() {
            executed.add("undo " + describe);
            boolean changed = applied;
            applied = false;
            return new ActionOutcome(true, changed, "undone " + describe, 0);
        }
    }

    @Override
    public HealAction rerouteAround(int node, int sickPeer, int via) {
        return new Fake("reroute", "around " + node + "-" + sickPeer + " via " + via);
    }

    @Override
    public HealAction rerouteToReplica(int node, int owner, int replica) {
        return new Fake("reroute", "node " + node + ": service " + owner + " to " + replica);
    }

    @Override
    public HealAction denyPeer(int node, int peer) {
        return new Fake("deny-peer", "node " + node + " denies " + peer);
    }

    @Override
    public HealAction alert(String text) {
        return new Fake("alert", text);
    }
}
