package io.ebpf4j.hooks.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code ebpf4j_hook_info{hook,attach_path,degraded,reason} 1} for each hook of a {@link TelemetryState}. */
public final class HookInfoCollector implements MultiCollector {
    private final Supplier<TelemetryState> state;
    private final Labels constLabels;

    /** A collector of the state {@code state} returns at each scrape. */
    public HookInfoCollector(Supplier<TelemetryState> state) {
        this(state, Labels.EMPTY);
    }

    /** A collector of the state {@code state} returns, every series also carrying {@code constLabels}. */
    public HookInfoCollector(Supplier<TelemetryState> state, Labels constLabels) {
        this.state = Objects.requireNonNull(state, "state");
        this.constLabels = ConstLabels.check(constLabels);
    }

    @Override
    public MetricSnapshots collect() {
        TelemetryState s = state.get();
        InfoSnapshot.Builder b = InfoSnapshot.builder().name("ebpf4j_hook")
                .help("One series per hook: how it is attached, whether it runs degraded and why.");
        for (HookStatus h : s.hooks()) {
            b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Families.labels(constLabels, "hook", h.hook(),
                    "attach_path", h.attachPath(), "degraded", Boolean.toString(!h.running()), "reason", h.reason())).build());
        }
        return s.hooks().isEmpty() ? new MetricSnapshots() : new MetricSnapshots(b.build());
    }
}
