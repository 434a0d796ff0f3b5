package io.ebpf4j.link;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Attaches BTF-based tracing programs (fentry, fexit, fmod_ret, tp_btf) and LSM programs to the target
 * named in their section. Kernels without BPF trampolines refuse these; the error says so.
 */
public final class Tracing {
    private Tracing() {}

    /** Attaches a TRACING program (fentry/fexit/fmod_ret/tp_btf) to the function its section names. */
    public static Link attach(Program program) {
        Objects.requireNonNull(program, "program");
        Preflight.requireType(program, "a tracing program", ProgramType.TRACING);
        return attach(program, LinkKind.TRACING, "tracing " + program.section(), false);
    }

    /** Attaches an LSM program to the hook its section names. */
    public static Link attachLsm(Program program) {
        Objects.requireNonNull(program, "program");
        Preflight.requireType(program, "an LSM program", ProgramType.LSM);
        return attach(program, LinkKind.LSM, "lsm " + program.section(), true);
    }

    private static Link attach(Program program, LinkKind kind, String target, boolean lsm) {
        int[] errno = new int[1];
        MemorySegment handle = Access.program(Program.class).handle(program);
        MemorySegment link = lsm ? LinkCalls.attachLsm(handle, errno) : LinkCalls.attachTrace(handle, errno);
        if (link.equals(MemorySegment.NULL)) {
            if (errno[0] == Errno.ENOTSUPP.number() || errno[0] == Errno.EOPNOTSUPP.number()) {
                throw new MissingFeatureException(lsm ? "LSM attach" : "fentry/fexit attach", lsm ? "5.7" : "5.5",
                        "this kernel has no BPF trampoline for it", lsm ? "boot with lsm=...,bpf" : null,
                        lsm ? null : "kprobes or tracepoints");
            }
            throw Check.error(OpKind.TRACING_ATTACH, "attaching " + target, errno[0]);
        }
        return BpfLink.ofLibbpf(kind, target, program, link);
    }
}
