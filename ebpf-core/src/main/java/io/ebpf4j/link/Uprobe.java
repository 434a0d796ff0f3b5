package io.ebpf4j.link;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Attaches uprobe/uretprobe programs (KPROBE type) to functions of user-space binaries and libraries. */
public final class Uprobe {
    /** Trace every process. */
    public static final int ALL_PROCESSES = -1;

    private Uprobe() {}

    /** A uprobe at the entry of {@code function} in {@code binary}, for process {@code pid} (or {@link #ALL_PROCESSES}). */
    public static Link attach(Program program, Path binary, String function, int pid) {
        return attach(program, binary, function, pid, false);
    }

    /** A uretprobe on the return of {@code function}. */
    public static Link attachReturn(Program program, Path binary, String function, int pid) {
        return attach(program, binary, function, pid, true);
    }

    private static Link attach(Program program, Path binary, String function, int pid, boolean ret) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(binary, "binary");
        Preflight.requireType(program, ret ? "a uretprobe" : "a uprobe", ProgramType.KPROBE);
        Preflight.checkName("function", function);
        if (!Files.isRegularFile(binary)) {
            throw new BpfException("attaching a uprobe to " + binary, "no such file");
        }
        String target = (ret ? "uretprobe " : "uprobe ") + binary + ":" + function + (pid >= 0 ? " pid " + pid : "");
        int[] errno = new int[1];
        MemorySegment link = LinkCalls.attachUprobe(Access.program(Program.class).handle(program), pid,
                binary.toAbsolutePath().toString(), function, ret, errno);
        if (link.equals(MemorySegment.NULL)) {
            throw Check.error(OpKind.TRACING_ATTACH, "attaching " + target + (errno[0] == Errno.ENOENT.number() || errno[0] == Errno.EINVAL.number()
                    ? " (is '" + function + "' a function symbol of that file?)" : ""), errno[0]);
        }
        return BpfLink.ofLibbpf(ret ? LinkKind.URETPROBE : LinkKind.UPROBE, target, program, link);
    }
}
