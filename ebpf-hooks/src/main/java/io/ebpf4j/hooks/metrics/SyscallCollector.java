package io.ebpf4j.hooks.metrics;

import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link SyscallLatency}'s histograms as {@code ebpf4j_syscall_latency_seconds{syscall}}, read at each scrape. */
public final class SyscallCollector implements MultiCollector {
    private final SyscallLatency hook;
    private final Labels constLabels;

    /** A collector of {@code hook}'s maps (the hook stays owned by the caller). */
    public SyscallCollector(SyscallLatency hook) {
        this(hook, Labels.EMPTY);
    }

    /** A collector of {@code hook}'s maps whose every series also carries {@code constLabels}. */
    public SyscallCollector(SyscallLatency hook, Labels constLabels) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.constLabels = ConstLabels.check(constLabels);
    }

    @Override
    public MetricSnapshots collect() {
        var h = new Families.Log2Histogram("ebpf4j_syscall_latency_seconds", "Duration of socket syscalls.", constLabels);
        for (LatencyHistogram l : hook.histograms().values()) {
            h.add(l.buckets(), l.sumNanos(), "syscall", l.syscall().syscallName());
        }
        var lost = new Families.Counter("ebpf4j_syscall_lost_events", "Slow-call events the ring buffer had no room for.", constLabels)
                .add(hook.lostEvents());
        List<MetricSnapshot> out = new ArrayList<>();
        h.into(out);
        lost.into(out);
        return new MetricSnapshots(out);
    }
}
