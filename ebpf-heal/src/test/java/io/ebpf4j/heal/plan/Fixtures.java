package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.graph.Diagnosis;
import java.time.Duration;
import java.util.List;

/** Diagnoses, planners and times for the planner tests. */
final class Fixtures {
    static final long MS = 1_000_000L;

    private Fixtures() {}

    static Diagnosis link(int a, int b) {
        return new Diagnosis.LinkFault(a, b, List.of(), 5);
    }

    static Diagnosis node(int j) {
        return new Diagnosis.NodeFault(j, List.of(), 5);
    }

    static Diagnosis service(int j) {
        return new Diagnosis.ServiceFault(j, List.of(), 5);
    }

    static GuardSettings settings(long holdMs, long cooldownMs, int rateMax, int flapToggles) {
        return new GuardSettings(Duration.ofMillis(holdMs), Duration.ofMillis(cooldownMs), rateMax, Duration.ofMinutes(1),
                flapToggles, Duration.ofMinutes(1));
    }

    /** Node {@code node}'s planner on a full mesh of {@code n} with default rules over {@code oracle}. */
    static Planner planner(int node, int n, RecordingFactory f, PathOracle oracle, GuardSettings s) {
        return new Planner(node, DefaultRules.mesh(node, n, f, oracle), Guards.defaults(s, () -> oracle));
    }
}
