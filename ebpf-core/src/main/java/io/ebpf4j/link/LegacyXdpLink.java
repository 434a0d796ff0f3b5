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
    private final int ifindex;
    private final int modeFlags;
    private final String target;
    private boolean closed;

    LegacyXdpLink(Program program, int ifindex, int modeFlags, String target) {
        this.program = program;
        this.ifindex = ifindex;
        this.modeFlags = modeFlags;
        this.target = target;
        Access.program().register(program, this);
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
    public synchronized boolean isClosed() {
        return closed;
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
            opts.set(ValueLayout.JAVA_INT, 8, program.fd());
            LinkCalls.xdpDetach(ifindex, modeFlags, opts); // only if ours is still attached
        } finally {
            Access.program().unregister(program, this);
        }
    }

    @Override
    public synchronized String toString() {
        return getClass().getSimpleName() + "[" + target + (closed ? ", closed" : "") + "]";
    }
}
