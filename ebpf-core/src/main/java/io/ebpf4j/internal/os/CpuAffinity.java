package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** sched_getaffinity(2)/sched_setaffinity(2) for the calling (platform) thread. */
public final class CpuAffinity {
    private static final int MASK_BYTES = 128; // 1024 CPUs
    private static final MethodHandle GET = Downcalls.libcErrno("sched_getaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle SET = Downcalls.libcErrno("sched_setaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private CpuAffinity() {}

    /** The calling thread's CPU mask (bit i = CPU i), as raw bytes. */
    public static byte[] get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES).fill((byte) 0);
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) GET.invokeExact(cs, 0, (long) MASK_BYTES, mask);
            if (r < 0) {
                throw Check.error("reading the CPU affinity of this thread", CapturedErrno.read(cs));
            }
            return mask.toArray(ValueLayout.JAVA_BYTE);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
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
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) SET.invokeExact(cs, 0, (long) MASK_BYTES, m);
            if (r < 0) {
                throw Check.error("setting the CPU affinity of this thread", CapturedErrno.read(cs));
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
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
