package io.ebpf4j.features;

import io.ebpf4j.internal.os.MonotonicClock;

/**
 * The kernel's monotonic clock ({@code CLOCK_MONOTONIC}), the one a BPF program reads with
 * {@code bpf_ktime_get_ns()}: a time stamp taken here and one taken in a BPF program can be subtracted.
 * It counts from boot and stops while the machine is suspended; unlike {@link System#nanoTime()}, whose
 * origin the Java specification leaves open, its value means the same in the JVM and in the kernel.
 *
 * <pre>{@code
 * long sentAt = KernelClock.nanos();          // put into a packet or a map
 * ... in BPF C: u64 latency = bpf_ktime_get_ns() - sent_at;
 * }</pre>
 */
public final class KernelClock {
    private KernelClock() {}

    /** Nanoseconds of {@code CLOCK_MONOTONIC} now. Allocates nothing. */
    public static long nanos() {
        return MonotonicClock.nanos();
    }
}
