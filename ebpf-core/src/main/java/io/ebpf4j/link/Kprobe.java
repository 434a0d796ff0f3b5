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

/**
 * Attaches KPROBE programs to kernel functions. On a kernel without kprobes (CONFIG_KPROBES unset) it
 * throws {@link io.ebpf4j.kernel.MissingFeatureException} naming the fallback (syscall or raw tracepoints).
 */
public final class Kprobe {
    private Kprobe() {}

    /** A kprobe at the entry of {@code function}. */
    public static Link attach(Program program, String function) {
        return attach(program, function, false);
    }

    /** A kretprobe on the return of {@code function}. */
    public static Link attachReturn(Program program, String function) {
        return attach(program, function, true);
    }

    private static Link attach(Program program, String function, boolean ret) {
        Objects.requireNonNull(program, "program");
        Preflight.requireType(program, ret ? "a kretprobe" : "a kprobe", ProgramType.KPROBE);
        Preflight.checkName("kernel function", function);
        Preflight.kprobes(function);
        String target = (ret ? "kretprobe " : "kprobe ") + function;
        try (Arena arena = Arena.ofConfined()) {
            int[] errno = new int[1];
            MemorySegment link = LinkCalls.attachKprobe(Access.program(Program.class).handle(program), ret, arena.allocateFrom(function), errno);
            if (link.equals(MemorySegment.NULL)) {
                throw Check.error(OpKind.TRACING_ATTACH, "attaching " + target, errno[0]);
            }
            return BpfLink.ofLibbpf(ret ? LinkKind.KRETPROBE : LinkKind.KPROBE, target, program, link);
        }
    }
}
