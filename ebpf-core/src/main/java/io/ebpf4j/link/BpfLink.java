package io.ebpf4j.link;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.Program;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import io.ebpf4j.internal.libbpf.PinCalls;
import io.ebpf4j.internal.os.Fd;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A kernel {@code bpf_link}: made by libbpf's attach functions (holding a {@code struct bpf_link *})
 * or by {@code bpf_link_create} directly (holding the link fd). The kernel releases it when the last
 * fd closes (process exit included) unless it is pinned.
 *
 * <p>Thread-safety: {@link #close()} is safe to call from any thread, once or many times.
 */
public final class BpfLink implements Link {
    private final LinkKind kind;
    private final String target;
    private final Handle handle;
    private Program program; // guarded by handle: the program it runs, when this process loaded it

    /**
     * The kernel side of the link. The program's object holds this (not the link) so that it can detach
     * it on close without keeping the link, and through it the object itself, reachable.
     */
    private static final class Handle implements AutoCloseable {
        private final Fd fd;               // owned when made by bpf_link_create or opened from a pin
        private MemorySegment libbpfLink;  // owned when made by libbpf
        private Path pinnedAt;
        private boolean closed;

        Handle(Fd fd, MemorySegment libbpfLink) {
            this.fd = fd;
            this.libbpfLink = libbpfLink;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (libbpfLink != null) {
                if (pinnedAt != null) {
                    LinkCalls.linkDisconnect(libbpfLink); // keep the pinned kernel link attached
                }
                fd.close();
                LinkCalls.linkDestroy(libbpfLink);
                libbpfLink = null;
            } else {
                fd.close();
            }
        }
    }

    private BpfLink(LinkKind kind, String target, Program program, Fd fd, MemorySegment libbpfLink) {
        this.kind = kind;
        this.target = target;
        this.program = program;
        this.handle = new Handle(fd, libbpfLink);
        if (program != null) {
            Access.program(Program.class).register(program, handle);
        }
    }

    /** Wraps a {@code struct bpf_link *} returned by a libbpf attach function. */
    static BpfLink ofLibbpf(LinkKind kind, String target, Program program, MemorySegment link) {
        int fd = LinkCalls.linkFd(link);
        try {
            return new BpfLink(kind, target, program, Fd.borrowed(fd, kind + " link " + target), link);
        } catch (RuntimeException e) {
            LinkCalls.linkDestroy(link);
            throw e;
        }
    }

    /** Wraps a link fd from bpf_link_create. */
    static BpfLink ofFd(LinkKind kind, String target, Program program, int linkFd) {
        Fd owned = Fd.owned(linkFd, kind + " link " + target);
        try {
            return new BpfLink(kind, target, program, owned, null);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /**
     * Opens a link pinned at {@code path} (by this or another process). Closing the returned link
     * releases this hold only; the pin keeps the program attached until {@link #unpin()}.
     */
    public static BpfLink openPinned(Path path) {
        Objects.requireNonNull(path, "path");
        int r = PinCalls.get(path.toString());
        if (r < 0) {
            throw Check.error(OpKind.PIN, "opening the link pinned at " + path, -r);
        }
        BpfLink link = new BpfLink(LinkKind.PINNED, path.toString(), null, Fd.owned(r, "pinned link " + path), null);
        link.handle.pinnedAt = path;
        return link;
    }

    @Override
    public LinkKind kind() {
        return kind;
    }

    @Override
    public String target() {
        return target;
    }

    /** The link fd (valid until close). */
    public int fd() {
        return handle.fd.get();
    }

    /**
     * Replaces the program this link runs by {@code newProgram}, atomically ({@code bpf_link_update}):
     * the hook is never without a program, and every event after the call runs the new one. The new
     * program must have the link's program type and expected attach type (for XDP: another XDP
     * program); an XDP link keeps the mode it was created with. Works on links opened with
     * {@link #openPinned(Path)}, which is how a restarted process upgrades a datapath it left running.
     *
     * <p>From then on the link belongs to {@code newProgram}'s object: closing that object closes
     * the link, closing the old program's object no longer does.
     *
     * @throws BpfException when the kernel refuses: EINVAL for a program of another type or attach
     *                      type, ENOLINK when the link was detached (e.g. its interface was deleted),
     *                      EPERM without the privileges of the attach
     */
    public void update(Program newProgram) {
        Objects.requireNonNull(newProgram, "newProgram");
        synchronized (handle) {
            String op = "replacing the program of " + kind + " link " + target + " by '" + newProgram.name() + "'";
            boolean moves = program != newProgram;
            if (moves) {
                Access.program(Program.class).register(newProgram, handle); // refuses a closed object, before the swap
            }
            int r = LinkCalls.linkUpdate(handle.fd.get(), newProgram.fd());
            if (r < 0) {
                if (moves) {
                    Access.program(Program.class).unregister(newProgram, handle);
                }
                throw updateError(op, -r, newProgram);
            }
            if (moves) {
                if (program != null) {
                    Access.program(Program.class).unregister(program, handle);
                }
                program = newProgram;
            }
        }
    }

    private BpfException updateError(String op, int errno, Program newProgram) {
        String remedy = switch (Errno.of(errno).orElse(null)) {
            case EINVAL -> "the link runs a program of another type or expected attach type than '" + newProgram.name()
                    + "' (" + newProgram.type() + "); update it with a program of the same kind";
            case ENOLINK -> "the link was detached (its interface or hook went away): attach anew";
            case null, default -> null;
        };
        OpKind opKind = switch (kind) {
            case XDP, TC, PINNED -> OpKind.NETWORK_ATTACH;
            default -> OpKind.TRACING_ATTACH;
        };
        return remedy == null ? Check.error(opKind, op, errno) : new BpfException(op, errno, null, remedy);
    }

    @Override
    public void pin(Path path) {
        Objects.requireNonNull(path, "path");
        synchronized (handle) {
            int r = PinCalls.pin(handle.fd.get(), path.toString());
            if (r < 0) {
                throw Check.error(OpKind.PIN, "pinning " + kind + " link " + target + " at " + path, -r);
            }
            handle.pinnedAt = path;
        }
    }

    @Override
    public void unpin() {
        synchronized (handle) {
            if (handle.pinnedAt == null) {
                return;
            }
            try {
                Files.deleteIfExists(handle.pinnedAt);
            } catch (IOException e) {
                throw new BpfException("unpinning " + kind + " link at " + handle.pinnedAt, 0, e.toString(), null, e);
            }
            handle.pinnedAt = null;
        }
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
        Program p;
        synchronized (handle) {
            p = program;
        }
        if (p != null) {
            Access.program(Program.class).unregister(p, handle);
        }
    }

    @Override
    public String toString() {
        synchronized (handle) {
            return "BpfLink[" + kind + " " + target + (handle.closed ? ", closed" : "")
                    + (handle.pinnedAt != null ? ", pinned at " + handle.pinnedAt : "") + "]";
        }
    }

}
