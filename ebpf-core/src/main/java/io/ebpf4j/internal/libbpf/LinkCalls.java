package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.CapturedErrno;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for attaching programs: libbpf's {@code bpf_program__attach_*} (which return a
 * {@code struct bpf_link *}), the raw {@code bpf_link_create}, tc hooks and legacy XDP attach.
 * Pointer-returning calls report errno through {@code errnoOut[0]}.
 */
public final class LinkCalls {
    private LinkCalls() {}

    // struct bpf_link_create_opts as of libbpf 1.1 (64 bytes); flags at 8.
    public static final long LINK_CREATE_OPTS_SIZE = 64;
    public static final long LINK_CREATE_OPTS_FLAGS = 8;
    // struct bpf_uprobe_opts as of libbpf 1.0 (40 bytes).
    public static final long UPROBE_OPTS_SIZE = 40;
    public static final long UPROBE_OPTS_RETPROBE = 24;
    public static final long UPROBE_OPTS_FUNC_NAME = 32;
    // struct bpf_tc_hook (24 bytes) and struct bpf_tc_opts (32 bytes).
    public static final long TC_HOOK_SIZE = 24;
    public static final long TC_HOOK_IFINDEX = 8;
    public static final long TC_HOOK_ATTACH_POINT = 12;
    public static final long TC_OPTS_SIZE = 32;
    public static final long TC_OPTS_PROG_FD = 8;
    public static final long TC_OPTS_FLAGS = 12;
    public static final long TC_OPTS_PROG_ID = 16;
    public static final long TC_OPTS_HANDLE = 20;
    public static final long TC_OPTS_PRIORITY = 24;
    // struct bpf_xdp_attach_opts (16 bytes).
    public static final long XDP_ATTACH_OPTS_SIZE = 16;

    private static final MethodHandle LINK_CREATE = Symbols.libbpf("bpf_link_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle ATTACH_TRACEPOINT = Symbols.libbpfErrno("bpf_program__attach_tracepoint",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ATTACH_RAW_TRACEPOINT = Symbols.libbpfErrno("bpf_program__attach_raw_tracepoint",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ATTACH_KPROBE = Symbols.libbpfErrno("bpf_program__attach_kprobe",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle ATTACH_UPROBE_OPTS = Symbols.libbpfErrno("bpf_program__attach_uprobe_opts",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle ATTACH_TRACE = Symbols.libbpfErrno("bpf_program__attach_trace",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle ATTACH_LSM = Symbols.libbpfErrno("bpf_program__attach_lsm",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle LINK_FD = Symbols.libbpf("bpf_link__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LINK_DESTROY = Symbols.libbpf("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LINK_DISCONNECT = Symbols.libbpf("bpf_link__disconnect",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle TC_HOOK_CREATE = Symbols.libbpf("bpf_tc_hook_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TC_HOOK_DESTROY = Symbols.libbpf("bpf_tc_hook_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TC_ATTACH = Symbols.libbpf("bpf_tc_attach",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TC_DETACH = Symbols.libbpf("bpf_tc_detach",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle XDP_ATTACH = Symbols.libbpf("bpf_xdp_attach",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle XDP_DETACH = Symbols.libbpf("bpf_xdp_detach",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** bpf_link_create: a link fd, or -errno. */
    public static int linkCreate(int progFd, int targetFd, int attachType, MemorySegment opts) {
        try {
            return (int) LINK_CREATE.invokeExact(progFd, targetFd, attachType, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment attachTracepoint(MemorySegment prog, MemorySegment category, MemorySegment name,
                                                 int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_TRACEPOINT.invokeExact(cs, prog, category, name), cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment attachRawTracepoint(MemorySegment prog, MemorySegment name, int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_RAW_TRACEPOINT.invokeExact(cs, prog, name), cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment attachKprobe(MemorySegment prog, boolean retprobe, MemorySegment function,
                                             int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_KPROBE.invokeExact(cs, prog, retprobe, function), cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment attachUprobe(MemorySegment prog, int pid, MemorySegment binary, long offset,
                                             MemorySegment opts, int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_UPROBE_OPTS.invokeExact(cs, prog, pid, binary, offset, opts),
                    cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** fentry/fexit/fmod_ret/tp_btf through bpf_program__attach_trace. */
    public static MemorySegment attachTrace(MemorySegment prog, int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_TRACE.invokeExact(cs, prog), cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static MemorySegment attachLsm(MemorySegment prog, int[] errnoOut) {
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            return checkedLink((MemorySegment) ATTACH_LSM.invokeExact(cs, prog), cs, errnoOut);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int linkFd(MemorySegment link) {
        try {
            return (int) LINK_FD.invokeExact(link);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int linkDestroy(MemorySegment link) {
        try {
            return (int) LINK_DESTROY.invokeExact(link);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** Makes bpf_link__destroy leave the kernel link in place (for pinned links). */
    public static void linkDisconnect(MemorySegment link) {
        try {
            LINK_DISCONNECT.invokeExact(link);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int tcHookCreate(MemorySegment hook) {
        return call(TC_HOOK_CREATE, hook);
    }

    public static int tcHookDestroy(MemorySegment hook) {
        return call(TC_HOOK_DESTROY, hook);
    }

    public static int tcAttach(MemorySegment hook, MemorySegment opts) {
        try {
            return (int) TC_ATTACH.invokeExact(hook, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int tcDetach(MemorySegment hook, MemorySegment opts) {
        try {
            return (int) TC_DETACH.invokeExact(hook, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int xdpAttach(int ifindex, int progFd, int flags, MemorySegment opts) {
        try {
            return (int) XDP_ATTACH.invokeExact(ifindex, progFd, flags, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static int xdpDetach(int ifindex, int flags, MemorySegment opts) {
        try {
            return (int) XDP_DETACH.invokeExact(ifindex, flags, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static MemorySegment checkedLink(MemorySegment link, MemorySegment cs, int[] errnoOut) {
        if (link.equals(MemorySegment.NULL)) {
            errnoOut[0] = CapturedErrno.read(cs);
        }
        return link;
    }

    private static int call(MethodHandle h, MemorySegment p) {
        try {
            return (int) h.invokeExact(p);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
