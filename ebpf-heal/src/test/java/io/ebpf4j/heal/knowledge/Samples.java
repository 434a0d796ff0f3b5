package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.heal.plan.Decision.Kind;
import java.util.List;

/** Decisions and a do-nothing action for the knowledge tests (no kernel, no network). */
final class Samples {
    private Samples() {}

    record NoAction(String kind, String describe) implements HealAction {
        @Override
        public ActionOutcome apply() {
            return ActionOutcome.done("applied");
        }

        @Override
        public ActionOutcome undo() {
            return ActionOutcome.done("undone");
        }
    }

    static Diagnosis lossyLink(int a, int b) {
        EdgeFeatures e = new EdgeFeatures(a, b, 0.3, 120, 1e6, 0, 0, 9.5, true);
        return new Diagnosis.LinkFault(a, b, List.of(e), 9.5);
    }

    static Decision apply(int node, Diagnosis d, long t, long detected) {
        return new Decision(node, d.subject(), d, Kind.APPLY, new NoAction("reroute", "reroute around " + d.subject()),
                "reroute-around-link", null, null, null, t, detected);
    }

    static Decision blocked(int node, Diagnosis d, long t, String guard) {
        return new Decision(node, d.subject(), d, Kind.BLOCKED, null, "node-to-replica", guard, "because", Kind.APPLY, t, t);
    }
}
