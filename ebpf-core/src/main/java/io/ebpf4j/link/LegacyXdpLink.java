package io.ebpf4j.link;

import io.ebpf4j.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * An XDP program attached through netlink (not a bpf_link): closing it detaches the program only if it
 * is still the one attached. It survives the death of the process; prefer {@link Xdp#attach}.
 */
public final class LegacyXdpLink implements Link {
    private final Program program;
    private final String target;
    private final Handle handle;

    /** The attachment itself, held by the program's object without a reference back to it. */
    private static final class Handle implements AutoCloseable {
        private final int ifindex;
        private final int modeFlags;
        private final int progFd;
        private boolean closed;

        Handle(int ifindex, int modeFlags, int progFd) {
            this.ifindex = ifindex;
            this.modeFlags = modeFlags;
            this.progFd = progFd;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment opts = arena.allocate(LinkCalls.XDP_ATTACH_OPTS_SIZE, 8);
                opts.set(ValueLayout.JAVA_LONG, 0, LinkCalls.XDP_ATTACH_OPTS_SIZE);
                opts.set(ValueLayout.JAVA_INT, 8, progFd);
                LinkCalls.xdpDetach(ifindex, modeFlags, opts); // only if ours is still attached
            }
        }
    }

    LegacyXdpLink(Program program, int ifindex, int modeFlags, String target) {
        this.program = program;
        this.target = target;
        this.handle = new Handle(ifindex, modeFlags, program.fd());
        Access.program().register(program, handle);
    }

    @Override
    public LinkKind kind() {
        return LinkKind.XDP;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void pin(Path path) {
        throw new BpfException("pinning " + target, "a legacy netlink XDP attachment is not a bpf_link and cannot be pinned");
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
