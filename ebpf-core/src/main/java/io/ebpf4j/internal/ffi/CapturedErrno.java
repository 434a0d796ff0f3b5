package io.ebpf4j.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The per-thread segment that {@link ErrnoMode#CAPTURED} bindings write errno into, per
 * {@link Linker.Option#captureCallState(String...)}. One segment per thread, allocated once: no
 * allocation per call.
 */
public final class CapturedErrno {
    static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));

    private CapturedErrno() {}

    /**
     * The errno the last {@link ErrnoMode#CAPTURED} call on this thread left. Read it right after the
     * call that failed: the next capturing call on this thread overwrites it.
     */
    public static int last() {
        return read(SEGMENT.get());
    }

    /** This thread's capture segment: what a capturing downcall handle takes first. */
    static MemorySegment segment() {
        return SEGMENT.get();
    }

    /** The errno in {@code segment}. */
    static int read(MemorySegment segment) {
        return (int) ERRNO.get(segment, 0L);
    }
}
