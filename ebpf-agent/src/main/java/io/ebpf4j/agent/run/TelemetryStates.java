package io.ebpf4j.agent.run;

import io.ebpf4j.hooks.metrics.HookStatus;
import io.ebpf4j.hooks.metrics.TelemetryState;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's hooks as a {@link TelemetryState}: all running, some, or none. */
final class TelemetryStates {
    private TelemetryStates() {}

    static TelemetryState of(List<HookStatus> hooks) {
        List<HookStatus> copy = List.copyOf(hooks);
        long running = copy.stream().filter(HookStatus::running).count();
        TelemetryState.Mode mode = running == copy.size() && !copy.isEmpty() ? TelemetryState.Mode.EBPF
                : running == 0 ? TelemetryState.Mode.DEGRADED : TelemetryState.Mode.PARTIAL;
        String reason = copy.stream().filter(h -> !h.running()).map(h -> h.hook() + ": " + h.reason())
                .collect(Collectors.joining("; "));
        return new TelemetryState(mode, reason, copy);
    }
}
