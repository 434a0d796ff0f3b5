package io.ebpf4j.link;

import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Attaches TRACEPOINT programs to kernel tracepoints (e.g. {@code syscalls:sys_enter_connect}). Needs tracefs. */
public final class Tracepoint {
    private Tracepoint() {}

    /** Attaches {@code program} to tracepoint {@code category:name}. */
    public static Link attach(Program program, String category, String name) {
        Objects.requireNonNull(program, "program");
        Preflight.requireType(program, "a tracepoint", ProgramType.TRACEPOINT);
        Preflight.tracepointExists(category, name);
        String target = "tracepoint " + category + ":" + name;
        try (Arena arena = Arena.ofConfined()) {
            int[] errno = new int[1];
            MemorySegment link = LinkCalls.attachTracepoint(Access.program(Program.class).handle(program), arena.allocateFrom(category),
                    arena.allocateFrom(name), errno);
            if (link.equals(MemorySegment.NULL)) {
                throw Check.error(OpKind.TRACING_ATTACH, "attaching " + target, errno[0]);
            }
            return BpfLink.ofLibbpf(LinkKind.TRACEPOINT, target, program, link);
        }
    }
}
