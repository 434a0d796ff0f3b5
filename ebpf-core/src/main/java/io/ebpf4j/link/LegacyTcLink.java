package io.ebpf4j.link;

import io.ebpf4j.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cls_bpf filter on a clsact qdisc. Closing it removes the filter, and removes the clsact qdisc too
 * when this library created it and no filter of ours is left on it. Not tied to the process: a JVM
 * that dies without closing it leaves the filter in place (use tcx, Linux 6.6+, to avoid that).
 */
public final class LegacyTcLink implements Link {
    /** ifindex -> our filters on a qdisc we created (absent: the qdisc was there before us). */
    private static final Map<Integer, Integer> CREATED_QDISCS = new ConcurrentHashMap<>();

    private final Program program;
    private final String target;
    private final Handle handle;

    /** The filter itself, held by the program's object without a reference back to it. */
    private static final class Handle implements AutoCloseable {
        private final int ifindex;
        private final TcDirection direction;
        private final int handle;
        private final int priority;
        private boolean closed;

        Handle(int ifindex, TcDirection direction, int handle, int priority) {
            this.ifindex = ifindex;
            this.direction = direction;
            this.handle = handle;
            this.priority = priority;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment hook = hook(arena, ifindex, direction.legacyAttachPoint());
                MemorySegment opts = arena.allocate(LinkCalls.TC_OPTS_SIZE, 8);
                opts.set(ValueLayout.JAVA_LONG, 0, LinkCalls.TC_OPTS_SIZE);
                opts.set(ValueLayout.JAVA_INT, LinkCalls.TC_OPTS_HANDLE, handle);
                opts.set(ValueLayout.JAVA_INT, LinkCalls.TC_OPTS_PRIORITY, priority);
                LinkCalls.tcDetach(hook, opts);
                Integer left = CREATED_QDISCS.computeIfPresent(ifindex, (k, v) -> v - 1);
                if (left != null && left == 0) {
                    CREATED_QDISCS.remove(ifindex);
                    destroyQdisc(ifindex);
                }
            }
        }
    }

    LegacyTcLink(Program program, int ifindex, TcDirection direction, int handle, int priority, boolean createdQdisc,
                 String target) {
        this.program = program;
        this.target = target;
        this.handle = new Handle(ifindex, direction, handle, priority);
        if (createdQdisc) {
            CREATED_QDISCS.merge(ifindex, 1, Integer::sum);
        } else {
            CREATED_QDISCS.computeIfPresent(ifindex, (k, v) -> v + 1);
        }
        Access.program().register(program, this.handle);
    }

    static MemorySegment hook(Arena arena, int ifindex, int attachPoint) {
        MemorySegment hook = arena.allocate(LinkCalls.TC_HOOK_SIZE, 8);
        hook.set(ValueLayout.JAVA_LONG, 0, LinkCalls.TC_HOOK_SIZE);
        hook.set(ValueLayout.JAVA_INT, LinkCalls.TC_HOOK_IFINDEX, ifindex);
        hook.set(ValueLayout.JAVA_INT, LinkCalls.TC_HOOK_ATTACH_POINT, attachPoint);
        return hook;
    }

    static void destroyQdisc(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            LinkCalls.tcHookDestroy(hook(arena, ifindex, 1 | 2)); // BPF_TC_INGRESS | BPF_TC_EGRESS: the clsact qdisc
        }
    }

    @Override
    public LinkKind kind() {
        return LinkKind.TC;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void pin(Path path) {
        throw new BpfException("pinning " + target, "a cls_bpf filter is not a bpf_link and cannot be pinned");
    }

    @Override
    public void unpin() {
    }

    @Override
    public boolean isClosed() {
        synchronized (handle) {
            return handle.closed;
        }
    }

    @Override
    public void close() {
        handle.close();
        Access.program().unregister(program, handle);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + target + (isClosed() ? ", closed" : "") + "]";
    }
}
