package io.ebpf4j.internal.os;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * clock_gettime(CLOCK_MONOTONIC): the clock {@code bpf_ktime_get_ns()} reads, so a time stamp taken
 * here can be subtracted from one taken in a BPF program. One scratch segment per thread.
 */
public final class MonotonicClock {
    private static final MethodHandle CLOCK_GETTIME = Downcalls.libc("clock_gettime",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final int CLOCK_MONOTONIC = 1;
    private static final ThreadLocal<MemorySegment> TIMESPEC = ThreadLocal.withInitial(
            () -> java.lang.foreign.Arena.ofAuto().allocate(16, 8));

    private MonotonicClock() {}

    /** Nanoseconds of CLOCK_MONOTONIC (time since boot, not counting suspend). */
    public static long nanos() {
        MemorySegment ts = TIMESPEC.get();
        try {
            int r = (int) CLOCK_GETTIME.invokeExact(CLOCK_MONOTONIC, ts);
            if (r != 0) {
                throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed");
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
    }
}
