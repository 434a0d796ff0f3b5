package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.graph.Diagnosis;
import java.util.List;
import java.util.Optional;

/** Maps a diagnosis to the remedy one node applies, or to nothing when the diagnosis is not its business. */
@FunctionalInterface
public interface Rule {
    /** The remedy for {@code diagnosis}, or empty. */
    Optional<Remedy> remedy(Diagnosis diagnosis);

    /** The first rule of {@code rules} that has a remedy wins. */
    static Rule firstOf(List<Rule> rules) {
        List<Rule> copy = List.copyOf(rules);
        return d -> {
            for (Rule r : copy) {
                Optional<Remedy> m = r.remedy(d);
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        };
    }
}
