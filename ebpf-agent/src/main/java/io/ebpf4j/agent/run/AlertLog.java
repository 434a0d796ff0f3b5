package io.ebpf4j.agent.run;

import io.ebpf4j.hooks.alert.Alert;
import io.ebpf4j.hooks.alert.AlertRule;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts go to the agent's log (logger {@code io.ebpf4j.agent.alerts}); which hook a rule reads. */
final class AlertLog {
    private static final Logger ALERTS = LoggerFactory.getLogger("io.ebpf4j.agent.alerts");

    private AlertLog() {}

    static void log(Alert a) {
        if (a.phase() == Alert.Phase.FIRING) {
            ALERTS.warn("alert {} {} {}: {}", AgentPlanNames.name(a.severity()), a.ruleId(), a.subject(), a.message());
        } else {
            ALERTS.info("resolved {} {}: {}", a.ruleId(), a.subject(), a.message());
        }
    }

    /** The hook {@code rule} reads when that hook is not running; empty when it can fire. */
    static Optional<String> source(AlertRule rule, boolean syscalls, boolean netEvents) {
        return switch (rule) {
            case AlertRule.ProbeLoss r -> Optional.empty();
            case AlertRule.Rtt r -> Optional.empty();
            case AlertRule.SyscallP99 r -> syscalls ? Optional.empty() : Optional.of("the syscall latency hook");
            case AlertRule.EachSlowCall r -> syscalls ? Optional.empty() : Optional.of("the syscall latency hook");
            case AlertRule.EventCount r -> netEvents ? Optional.empty() : Optional.of("network events");
            case AlertRule.EachDrop r -> netEvents ? Optional.empty() : Optional.of("network events");
        };
    }
}
