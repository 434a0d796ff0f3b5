package io.ebpf4j.agent.run;

import java.util.Locale;

/** The configuration's name of a constant: {@code RESET_RECEIVED} is {@code reset-received}. */
final class AgentPlanNames {
    private AgentPlanNames() {}

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
