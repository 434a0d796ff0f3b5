package io.ebpf4j.hooks.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Percentile estimates from log2 buckets, and the attach-path choice. Pure Java. */
class LatencyHistogramTest {

    private static int bucket(long ns) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, ns));
    }

    @Property(tries = 300)
    void estimatesFallInTheBucketOfTheExactQuantile(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 10_000_000_000L) Long> durations,
            @ForAll @DoubleRange(min = 0.01, max = 1.0) double q) {
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        durations.forEach(d -> buckets[bucket(d)]++);
        LatencyHistogram h = new LatencyHistogram(Syscall.SENDTO, buckets, durations.size(),
                durations.stream().mapToLong(Long::longValue).sum());
        long[] sorted = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        long exact = sorted[(int) Math.ceil(q * sorted.length) - 1];
        double estimate = h.percentileNanos(q);
        int b = bucket(exact);
        assertTrue(estimate >= LatencyHistogram.bucketLow(b) && estimate <= Math.scalb(1.0, b + 1),
                "exact " + exact + " estimate " + estimate);
    }

    @Test
    void emptyAndBadInputs() {
        LatencyHistogram empty = new LatencyHistogram(Syscall.CONNECT, new long[64], 0, 0);
        assertEquals(0, empty.p50Nanos());
        assertEquals(0, empty.meanNanos());
        assertThrows(IllegalArgumentException.class, () -> empty.percentileNanos(0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(Syscall.CONNECT, new long[3], 0, 0));
        long[] b = new long[64];
        LatencyHistogram h = new LatencyHistogram(Syscall.CONNECT, b, 0, 0);
        b[5] = 9;
        assertTrue(Arrays.stream(h.buckets()).allMatch(x -> x == 0), "defensive copies");
    }

    @Test
    void theAttachPathFollowsTheCapabilityReportAndTheArchitecture() {
        var report = KernelCapabilities.cached();
        SyscallLatencyState here = AttachPaths.choose(report, "amd64", EnumSet.allOf(Syscall.class));
        AttachPath noKprobes = report.has(KernelFeature.RAW_TRACEPOINT_ATTACH) ? AttachPath.RAW_TRACEPOINT
                : AttachPath.TRACEPOINT;
        assertEquals(report.has(KernelFeature.KPROBE_ATTACH) ? AttachPath.KPROBE : noKprobes, here.path());
        assertEquals(report.has(KernelFeature.KPROBE_ATTACH) ? AttachPath.KPROBE : noKprobes,
                AttachPaths.choose(report, "x86_64", EnumSet.allOf(Syscall.class)).path());
        assertEquals(noKprobes, AttachPaths.choose(report, "aarch64", EnumSet.allOf(Syscall.class)).path(),
                "the raw programs know arm64's syscall numbers; the kretprobes do not read its register");
        SyscallLatencyState riscv = AttachPaths.choose(report, "riscv64", EnumSet.allOf(Syscall.class));
        assertEquals(AttachPath.TRACEPOINT, riscv.path(), "neither knows riscv64");
        if (report.has(KernelFeature.RAW_TRACEPOINT_ATTACH)) {
            assertTrue(riscv.reason().contains("know the syscall numbers of x86_64 and arm64; this is riscv64"), riscv.reason());
        }
        if (!report.has(KernelFeature.KPROBE_ATTACH)) {
            assertTrue(here.reason().startsWith("kprobes unavailable"), here.reason());
        }
    }
}
