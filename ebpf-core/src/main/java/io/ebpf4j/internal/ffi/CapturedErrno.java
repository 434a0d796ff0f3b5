package io.ebpf4j.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The per-thread segment that downcalls made with errno capture write errno into. One segment per
 * thread, allocated once: no allocation per call.
 */
public final class CapturedErrno {
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));

    private CapturedErrno() {}

    /** This thread's capture segment, to pass as the first argument of an errno-capturing handle. */
    public static MemorySegment captureSegment() {
        return SEGMENT.get();
    }

    /** The errno the last capturing call on this thread left in {@code segment}. */
    public static int read(MemorySegment segment) {
        return (int) ERRNO.get(segment, 0L);
    }
}
