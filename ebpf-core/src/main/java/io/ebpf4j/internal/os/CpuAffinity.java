package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** sched_getaffinity(2)/sched_setaffinity(2) for the calling (platform) thread. */
public final class CpuAffinity {
    private static final int MASK_BYTES = 128; // 1024 CPUs

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** sched_getaffinity and sched_setaffinity. */
        interface Affinity { int call(int pid, long maskBytes, MemorySegment mask); }
    }

    private static final C.Affinity GET = Downcalls.libc("sched_getaffinity", C.Affinity.class, CAPTURED);
    private static final C.Affinity SET = Downcalls.libc("sched_setaffinity", C.Affinity.class, CAPTURED);

    private CpuAffinity() {}

    /** The calling thread's CPU mask (bit i = CPU i), as raw bytes. */
    public static byte[] get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES).fill((byte) 0);
            Check.check(GET.call(0, MASK_BYTES, mask), OpKind.SYSTEM, "reading the CPU affinity of this thread");
            return mask.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Restricts the calling thread to the CPUs in {@code mask} (as {@link #get()} returns it). */
    public static void set(byte[] mask) {
        if (mask.length == 0 || mask.length > MASK_BYTES) {
            throw new IllegalArgumentException("CPU mask must have 1.." + MASK_BYTES + " bytes: " + mask.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(MASK_BYTES).fill((byte) 0);
            MemorySegment.copy(mask, 0, m, ValueLayout.JAVA_BYTE, 0, mask.length);
            Check.check(SET.call(0, MASK_BYTES, m), OpKind.SYSTEM, "setting the CPU affinity of this thread");
        }
    }

    /** Restricts the calling thread to {@code cpu}. */
    public static void pin(int cpu) {
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            throw new IllegalArgumentException("no such CPU: " + cpu);
        }
        byte[] mask = new byte[MASK_BYTES];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        set(mask);
    }
}
