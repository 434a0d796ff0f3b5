package io.ebpf4j.link;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Attaches RAW_TRACEPOINT programs (e.g. {@code sys_enter}); no tracefs needed. */
public final class RawTracepoint {
    private RawTracepoint() {}

    public static Link attach(Program program, String tracepoint) {
        Objects.requireNonNull(program, "program");
        Preflight.requireType(program, "a raw tracepoint", ProgramType.RAW_TRACEPOINT, ProgramType.RAW_TRACEPOINT_WRITABLE);
        Preflight.checkName("raw tracepoint", tracepoint);
        String target = "raw tracepoint " + tracepoint;
        try (Arena arena = Arena.ofConfined()) {
            int[] errno = new int[1];
            MemorySegment link = LinkCalls.attachRawTracepoint(Access.program(Program.class).handle(program),
                    arena.allocateFrom(tracepoint), errno);
            if (link.equals(MemorySegment.NULL)) {
                throw Check.error(OpKind.TRACING_ATTACH, "attaching " + target + (errno[0] == Errno.ENOENT.number() ? " (no such raw tracepoint)" : ""), errno[0]);
            }
            return BpfLink.ofLibbpf(LinkKind.RAW_TRACEPOINT, target, program, link);
        }
    }
}
