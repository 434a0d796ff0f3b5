package io.ebpf4j.hooks.netevents;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which of the requested tracepoints {@link NetEvents} attached, and why the others were skipped. */
public record NetEventsState(Map<NetTracepoint, TracepointStatus> tracepoints) {
    public NetEventsState {
        tracepoints = Map.copyOf(tracepoints);
    }

    /** The attached tracepoints. */
    public Set<NetTracepoint> attached() {
        return tracepoints.values().stream().filter(TracepointStatus::attached).map(TracepointStatus::tracepoint)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The requested tracepoints that were skipped, with their reasons. */
    public List<TracepointStatus> skipped() {
        return tracepoints.values().stream().filter(s -> !s.attached()).toList();
    }
}
