package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.detect.Detectors;
import io.ebpf4j.heal.detect.HistogramDetector;
import io.ebpf4j.heal.detect.Verdict;
import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anomalies in syscall patterns: every {@code everyTicks} loop periods, the bucket deltas of each
 * watched syscall's log2 latency histogram (the {@link SyscallLatency} hook's) go through a
 * distribution-shift detector ({@link Detectors#forLatencyHistogram()}). A shift is a property of the
 * process the hook watches, not of a link or peer, so it is reported (to {@code sink}, which the loop
 * turns into a log line and a metric) but not localised on the graph and never acted on by itself.
 * Not thread-safe (the loop's thread).
 */
final class SyscallShiftMonitor {
    /** A change of a syscall's state: shifted or back to its usual distribution. */
    record Shift(Syscall syscall, boolean shifted, Verdict verdict, long monoNanos) {}

    private final SyscallLatency hook;
    private final int everyTicks;
    private final Consumer<Shift> sink;
    private final Map<Syscall, long[]> last = new EnumMap<>(Syscall.class);
    private final Map<Syscall, HistogramDetector> detectors = new EnumMap<>(Syscall.class);
    private final Map<Syscall, Boolean> shifted = new EnumMap<>(Syscall.class);
    private long ticks;

    SyscallShiftMonitor(SyscallLatency hook, int everyTicks, Consumer<Shift> sink) {
        this.hook = hook;
        this.everyTicks = Math.max(1, everyTicks);
        this.sink = sink;
    }

    void tick(long now) {
        if (ticks++ % everyTicks != 0) {
            return;
        }
        for (Map.Entry<Syscall, LatencyHistogram> e : hook.histograms().entrySet()) {
            long[] b = e.getValue().buckets();
            long[] prev = last.put(e.getKey(), b);
            if (prev == null) {
                continue; // the first read is the baseline of the deltas
            }
            long[] delta = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                delta[i] = Math.max(0, b[i] - prev[i]);
            }
            Verdict v = detectors.computeIfAbsent(e.getKey(), s -> Detectors.forLatencyHistogram()).update(delta);
            boolean was = shifted.getOrDefault(e.getKey(), false);
            if (v.anomalous() != was) {
                shifted.put(e.getKey(), v.anomalous());
                sink.accept(new Shift(e.getKey(), v.anomalous(), v, now));
            }
        }
    }
}
