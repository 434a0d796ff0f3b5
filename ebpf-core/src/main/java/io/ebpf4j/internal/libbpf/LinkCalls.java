package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;
import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Bindings for attaching programs: libbpf's {@code bpf_program__attach_*} (which return a
 * {@code struct bpf_link *}), the raw {@code bpf_link_create} and {@code bpf_link_update}, tc hooks
 * and legacy XDP attach.
 * Pointer-returning calls report errno through {@code errnoOut[0]}.
 */
public final class LinkCalls {
    private LinkCalls() {}

    // struct bpf_link_create_opts as of libbpf 1.1 (64 bytes); flags at 8.
    private static final long LINK_CREATE_OPTS_SIZE = 64;
    private static final long LINK_CREATE_OPTS_FLAGS = 8;
    // struct bpf_uprobe_opts as of libbpf 1.0 (40 bytes).
    private static final long UPROBE_OPTS_SIZE = 40;
    private static final long UPROBE_OPTS_RETPROBE = 24;
    private static final long UPROBE_OPTS_FUNC_NAME = 32;
    // struct bpf_tc_hook (24 bytes) and struct bpf_tc_opts (32 bytes).
    private static final long TC_HOOK_SIZE = 24;
    private static final long TC_HOOK_IFINDEX = 8;
    private static final long TC_HOOK_ATTACH_POINT = 12;
    private static final long TC_OPTS_SIZE = 32;
    private static final long TC_OPTS_PROG_FD = 8;
    private static final long TC_OPTS_HANDLE = 20;
    private static final long TC_OPTS_PRIORITY = 24;
    // struct bpf_xdp_attach_opts (16 bytes); old_prog_fd at 8.
    private static final long XDP_ATTACH_OPTS_SIZE = 16;
    private static final long XDP_ATTACH_OPTS_OLD_PROG_FD = 8;

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface LinkCreate { int call(int progFd, int targetFd, int attachType, MemorySegment opts); }
        interface LinkUpdate { int call(int linkFd, int newProgFd, MemorySegment opts); }
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
    private static final C.LinkUpdate LINK_UPDATE = Symbols.bind("bpf_link_update", C.LinkUpdate.class, RETURNED);
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

    /**
     * bpf_link_create of {@code progFd} at {@code targetFd} (an ifindex, a cgroup fd, ...) with
     * {@code bpf_link_create_opts.flags} set to {@code flags}: a link fd, or -errno.
     */
    public static int linkCreate(int progFd, int targetFd, int attachType, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(LINK_CREATE_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, LINK_CREATE_OPTS_SIZE);
            opts.set(JAVA_INT, LINK_CREATE_OPTS_FLAGS, flags);
            return LINK_CREATE.call(progFd, targetFd, attachType, opts);
        }
    }

    /**
     * bpf_link_update: atomically replaces the program of the link {@code linkFd} by {@code newProgFd}
     * (no old-program check; the link stays attached throughout): 0 or -errno.
     */
    public static int linkUpdate(int linkFd, int newProgFd) {
        return LINK_UPDATE.call(linkFd, newProgFd, MemorySegment.NULL);
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

    /**
     * bpf_program__attach_uprobe_opts at {@code function} of the file {@code binary} (a uretprobe when
     * {@code retprobe}), for process {@code pid} or every process (-1).
     */
    public static MemorySegment attachUprobe(MemorySegment prog, int pid, String binary, String function,
                                             boolean retprobe, int[] errnoOut) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(UPROBE_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, UPROBE_OPTS_SIZE);
            opts.set(JAVA_BOOLEAN, UPROBE_OPTS_RETPROBE, retprobe);
            opts.set(ADDRESS, UPROBE_OPTS_FUNC_NAME, arena.allocateFrom(function));
            return checkedLink(ATTACH_UPROBE_OPTS.call(prog, pid, arena.allocateFrom(binary), 0L, opts), errnoOut);
        }
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

    /** What {@link #tcAttach} reports: 0 or -errno, and the filter's handle and priority when 0. */
    public record TcFilter(int result, int handle, int priority) {}

    /** bpf_tc_hook_create for {@code ifindex} ({@code attachPoint}: BPF_TC_INGRESS 1, BPF_TC_EGRESS 2): 0 or -errno. */
    public static int tcHookCreate(int ifindex, int attachPoint) {
        try (Arena arena = Arena.ofConfined()) {
            return TC_HOOK_CREATE.call(tcHook(arena, ifindex, attachPoint));
        }
    }

    /** bpf_tc_hook_destroy; with both attach points (1 | 2) it removes the clsact qdisc: 0 or -errno. */
    public static int tcHookDestroy(int ifindex, int attachPoint) {
        try (Arena arena = Arena.ofConfined()) {
            return TC_HOOK_DESTROY.call(tcHook(arena, ifindex, attachPoint));
        }
    }

    /** bpf_tc_attach of {@code progFd} at the hook, letting the kernel choose handle and priority. */
    public static TcFilter tcAttach(int ifindex, int attachPoint, int progFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = tcOpts(arena);
            opts.set(JAVA_INT, TC_OPTS_PROG_FD, progFd);
            int r = TC_ATTACH.call(tcHook(arena, ifindex, attachPoint), opts);
            return new TcFilter(r, opts.get(JAVA_INT, TC_OPTS_HANDLE), opts.get(JAVA_INT, TC_OPTS_PRIORITY));
        }
    }

    /** bpf_tc_detach of the filter {@code handle}/{@code priority} at the hook: 0 or -errno. */
    public static int tcDetach(int ifindex, int attachPoint, int handle, int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = tcOpts(arena);
            opts.set(JAVA_INT, TC_OPTS_HANDLE, handle);
            opts.set(JAVA_INT, TC_OPTS_PRIORITY, priority);
            return TC_DETACH.call(tcHook(arena, ifindex, attachPoint), opts);
        }
    }

    /** bpf_xdp_attach (legacy netlink) of {@code progFd} to {@code ifindex} with XDP {@code flags}: 0 or -errno. */
    public static int xdpAttach(int ifindex, int progFd, int flags) {
        return XDP_ATTACH.call(ifindex, progFd, flags, MemorySegment.NULL);
    }

    /** bpf_xdp_detach, only if {@code expectedProgFd}'s program is still the one attached: 0 or -errno. */
    public static int xdpDetach(int ifindex, int flags, int expectedProgFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(XDP_ATTACH_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, XDP_ATTACH_OPTS_SIZE);
            opts.set(JAVA_INT, XDP_ATTACH_OPTS_OLD_PROG_FD, expectedProgFd);
            return XDP_DETACH.call(ifindex, flags, opts);
        }
    }

    private static MemorySegment tcHook(Arena arena, int ifindex, int attachPoint) {
        MemorySegment hook = arena.allocate(TC_HOOK_SIZE, 8);
        hook.set(JAVA_LONG, 0, TC_HOOK_SIZE);
        hook.set(JAVA_INT, TC_HOOK_IFINDEX, ifindex);
        hook.set(JAVA_INT, TC_HOOK_ATTACH_POINT, attachPoint);
        return hook;
    }

    private static MemorySegment tcOpts(Arena arena) {
        MemorySegment opts = arena.allocate(TC_OPTS_SIZE, 8);
        opts.set(JAVA_LONG, 0, TC_OPTS_SIZE);
        return opts;
    }

    private static MemorySegment checkedLink(MemorySegment link, int[] errnoOut) {
        if (link.equals(MemorySegment.NULL)) {
            errnoOut[0] = CapturedErrno.last();
        }
        return link;
    }
}
