package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * clock_gettime(CLOCK_MONOTONIC): the clock {@code bpf_ktime_get_ns()} reads, so a time stamp taken
 * here can be subtracted from one taken in a BPF program. One scratch segment per thread.
 */
public final class MonotonicClock {
    /** The C function bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface ClockGettime { int call(int clock, MemorySegment timespec); }
    }

    private static final C.ClockGettime CLOCK_GETTIME = Downcalls.libc("clock_gettime", C.ClockGettime.class, RETURNED);
    private static final int CLOCK_MONOTONIC = 1;
    private static final ThreadLocal<MemorySegment> TIMESPEC = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(16, 8));

    private MonotonicClock() {}

    /** Nanoseconds of CLOCK_MONOTONIC (time since boot, not counting suspend). */
    public static long nanos() {
        MemorySegment ts = TIMESPEC.get();
        if (CLOCK_GETTIME.call(CLOCK_MONOTONIC, ts) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed");
        }
        return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
    }
}
