package io.ebpf4j.link;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.internal.Access;
import java.nio.file.Path;

/**
 * An attachment made without {@code bpf_link} (netlink XDP, a cls_bpf filter): it outlives the process
 * unless closed, and cannot be pinned. The object that owns the program holds only the {@link Detach}
 * part, so that a leaked object can still be reclaimed.
 */
abstract sealed class LegacyLink implements Link permits LegacyXdpLink, LegacyTcLink {
    /** Undoes the attachment once; holds no reference to the program or its object. */
    abstract static class Detach implements AutoCloseable {
        private boolean closed;

        /** Removes the attachment from the kernel. */
        abstract void detach();

        @Override
        public final synchronized void close() {
            if (!closed) {
                closed = true;
                detach();
            }
        }

        final synchronized boolean isClosed() {
            return closed;
        }
    }

    private final Program program;
    private final String target;
    private final Detach detach;

    LegacyLink(Program program, String target, Detach detach) {
        this.program = program;
        this.target = target;
        this.detach = detach;
        Access.program(Program.class).register(program, detach);
    }

    @Override
    public final String target() {
        return target;
    }

    @Override
    public final void pin(Path path) {
        throw new BpfException("pinning " + target, "it is not a bpf_link (legacy attachment) and cannot be pinned");
    }

    @Override
    public final void unpin() {
    }

    @Override
    public final boolean isClosed() {
        return detach.isClosed();
    }

    @Override
    public final void close() {
        detach.close();
        Access.program(Program.class).unregister(program, detach);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + target + (isClosed() ? ", closed" : "") + "]";
    }
}
