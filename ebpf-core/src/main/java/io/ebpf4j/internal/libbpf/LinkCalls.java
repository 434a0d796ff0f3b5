package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;
import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;

import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.MemorySegment;

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

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface LinkCreate { int call(int progFd, int targetFd, int attachType, MemorySegment opts); }
        interface AttachTracepoint {
            MemorySegment call(MemorySegment prog, MemorySegment category, MemorySegment name);
        }
        interface AttachNamed { MemorySegment call(MemorySegment prog, MemorySegment name); }
        interface AttachKprobe { MemorySegment call(MemorySegment prog, boolean retprobe, MemorySegment function); }
        interface AttachUprobe {
            MemorySegment call(MemorySegment prog, int pid, MemorySegment binary, long offset, MemorySegment opts);
        }
        interface Attach { MemorySegment call(MemorySegment prog); }
        interface OfLink { int call(MemorySegment link); }
        interface Disconnect { void call(MemorySegment link); }
        interface TcHook { int call(MemorySegment hook); }
        interface TcAttach { int call(MemorySegment hook, MemorySegment opts); }
        interface XdpAttach { int call(int ifindex, int progFd, int flags, MemorySegment opts); }
        interface XdpDetach { int call(int ifindex, int flags, MemorySegment opts); }
    }

    private static final C.LinkCreate LINK_CREATE = Symbols.bind("bpf_link_create", C.LinkCreate.class, RETURNED);
    private static final C.AttachTracepoint ATTACH_TRACEPOINT =
            Symbols.bind("bpf_program__attach_tracepoint", C.AttachTracepoint.class, CAPTURED);
    private static final C.AttachNamed ATTACH_RAW_TRACEPOINT =
            Symbols.bind("bpf_program__attach_raw_tracepoint", C.AttachNamed.class, CAPTURED);
    private static final C.AttachKprobe ATTACH_KPROBE =
            Symbols.bind("bpf_program__attach_kprobe", C.AttachKprobe.class, CAPTURED);
    private static final C.AttachUprobe ATTACH_UPROBE_OPTS =
            Symbols.bind("bpf_program__attach_uprobe_opts", C.AttachUprobe.class, CAPTURED);
    private static final C.Attach ATTACH_TRACE = Symbols.bind("bpf_program__attach_trace", C.Attach.class, CAPTURED);
    private static final C.Attach ATTACH_LSM = Symbols.bind("bpf_program__attach_lsm", C.Attach.class, CAPTURED);
    private static final C.OfLink LINK_FD = Symbols.bind("bpf_link__fd", C.OfLink.class, RETURNED);
    private static final C.OfLink LINK_DESTROY = Symbols.bind("bpf_link__destroy", C.OfLink.class, RETURNED);
    private static final C.Disconnect LINK_DISCONNECT = Symbols.bind("bpf_link__disconnect", C.Disconnect.class, RETURNED);
    private static final C.TcHook TC_HOOK_CREATE = Symbols.bind("bpf_tc_hook_create", C.TcHook.class, RETURNED);
    private static final C.TcHook TC_HOOK_DESTROY = Symbols.bind("bpf_tc_hook_destroy", C.TcHook.class, RETURNED);
    private static final C.TcAttach TC_ATTACH = Symbols.bind("bpf_tc_attach", C.TcAttach.class, RETURNED);
    private static final C.TcAttach TC_DETACH = Symbols.bind("bpf_tc_detach", C.TcAttach.class, RETURNED);
    private static final C.XdpAttach XDP_ATTACH = Symbols.bind("bpf_xdp_attach", C.XdpAttach.class, RETURNED);
    private static final C.XdpDetach XDP_DETACH = Symbols.bind("bpf_xdp_detach", C.XdpDetach.class, RETURNED);

    /** bpf_link_create: a link fd, or -errno. */
    public static int linkCreate(int progFd, int targetFd, int attachType, MemorySegment opts) {
        return LINK_CREATE.call(progFd, targetFd, attachType, opts);
    }

    public static MemorySegment attachTracepoint(MemorySegment prog, MemorySegment category, MemorySegment name,
                                                 int[] errnoOut) {
        return checkedLink(ATTACH_TRACEPOINT.call(prog, category, name), errnoOut);
    }

    public static MemorySegment attachRawTracepoint(MemorySegment prog, MemorySegment name, int[] errnoOut) {
        return checkedLink(ATTACH_RAW_TRACEPOINT.call(prog, name), errnoOut);
    }

    public static MemorySegment attachKprobe(MemorySegment prog, boolean retprobe, MemorySegment function,
                                             int[] errnoOut) {
        return checkedLink(ATTACH_KPROBE.call(prog, retprobe, function), errnoOut);
    }

    public static MemorySegment attachUprobe(MemorySegment prog, int pid, MemorySegment binary, long offset,
                                             MemorySegment opts, int[] errnoOut) {
        return checkedLink(ATTACH_UPROBE_OPTS.call(prog, pid, binary, offset, opts), errnoOut);
    }

    /** fentry/fexit/fmod_ret/tp_btf through bpf_program__attach_trace. */
    public static MemorySegment attachTrace(MemorySegment prog, int[] errnoOut) {
        return checkedLink(ATTACH_TRACE.call(prog), errnoOut);
    }

    public static MemorySegment attachLsm(MemorySegment prog, int[] errnoOut) {
        return checkedLink(ATTACH_LSM.call(prog), errnoOut);
    }

    public static int linkFd(MemorySegment link) {
        return LINK_FD.call(link);
    }

    public static int linkDestroy(MemorySegment link) {
        return LINK_DESTROY.call(link);
    }

    /** Makes bpf_link__destroy leave the kernel link in place (for pinned links). */
    public static void linkDisconnect(MemorySegment link) {
        LINK_DISCONNECT.call(link);
    }

    public static int tcHookCreate(MemorySegment hook) {
        return TC_HOOK_CREATE.call(hook);
    }

    public static int tcHookDestroy(MemorySegment hook) {
        return TC_HOOK_DESTROY.call(hook);
    }

    public static int tcAttach(MemorySegment hook, MemorySegment opts) {
        return TC_ATTACH.call(hook, opts);
    }

    public static int tcDetach(MemorySegment hook, MemorySegment opts) {
        return TC_DETACH.call(hook, opts);
    }

    public static int xdpAttach(int ifindex, int progFd, int flags, MemorySegment opts) {
        return XDP_ATTACH.call(ifindex, progFd, flags, opts);
    }

    public static int xdpDetach(int ifindex, int flags, MemorySegment opts) {
        return XDP_DETACH.call(ifindex, flags, opts);
    }

    private static MemorySegment checkedLink(MemorySegment link, int[] errnoOut) {
        if (link.equals(MemorySegment.NULL)) {
            errnoOut[0] = CapturedErrno.last();
        }
        return link;
    }
}
