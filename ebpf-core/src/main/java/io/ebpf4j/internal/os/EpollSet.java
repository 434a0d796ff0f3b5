package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An epoll instance (epoll_create1/epoll_ctl/epoll_wait) over a set of fds, each tagged with a small
 * number, plus an eventfd in the set so that another thread can {@linkplain #wakeup() wake} a waiter.
 *
 * <p>{@link #await(int)} and {@link #readyTag(int)} belong to one thread at a time (the readers hold a
 * lock); {@link #wakeup()} may be called from any thread, also after or during {@link #close()}.
 */
public final class EpollSet implements AutoCloseable {
    /** The tag {@link #readyTag(int)} reports for the wake-up eventfd. */
    public static final int WAKEUP_TAG = -1;

    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 1;
    /** struct epoll_event is packed (12 bytes) on x86-64 only. */
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    private static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Create { int call(int flags); }
        interface Ctl { int call(int epfd, int op, int fd, MemorySegment event); }
        interface Wait { int call(int epfd, MemorySegment events, int maxEvents, int timeoutMs); }
    }

    private static final C.Create CREATE = Downcalls.libc("epoll_create1", C.Create.class, CAPTURED);
    private static final C.Ctl CTL = Downcalls.libc("epoll_ctl", C.Ctl.class, CAPTURED);
    private static final C.Wait WAIT = Downcalls.libc("epoll_wait", C.Wait.class, CAPTURED);

    private final String what;
    private final Arena arena = Arena.ofShared();
    private final Fd epfd;
    private final Fd eventFd;
    private final MemorySegment one;
    private final MemorySegment drainScratch;
    private MemorySegment events;
    private int capacity;
    private boolean closed;

    /** A new set holding only the wake-up eventfd; {@code what} names the owner in errors. */
    public EpollSet(String what) {
        this.what = what;
        Fd ep = null;
        Fd ev = null;
        try {
            ep = Fd.owned(Check.check(CREATE.call(EPOLL_CLOEXEC), OpKind.SYSTEM, "creating an epoll instance for " + what),
                    "epoll fd of " + what);
            ev = EventFd.create(what);
            this.epfd = ep;
            this.eventFd = ev;
            this.one = arena.allocate(8, 8).fill((byte) 0);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            this.drainScratch = arena.allocate(8, 8);
            this.capacity = 4;
            this.events = arena.allocate(EVENT_SIZE * capacity, 8);
            add(ev.get(), WAKEUP_TAG);
        } catch (RuntimeException | Error e) {
            if (ev != null) {
                ev.close();
            }
            if (ep != null) {
                ep.close();
            }
            arena.close();
            throw e;
        }
    }

    /** Adds {@code fd} for readability (level-triggered); {@link #readyTag(int)} reports it as {@code tag}. */
    public void add(int fd, int tag) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(16, 8).fill((byte) 0);
            ev.set(ValueLayout.JAVA_INT, 0, EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, tag);
            Check.check(CTL.call(epfd.get(), EPOLL_CTL_ADD, fd, ev), OpKind.SYSTEM, "adding fd " + fd + " to the epoll set of " + what);
        }
        if (tag != WAKEUP_TAG) {
            capacity++;
            events = arena.allocate(EVENT_SIZE * capacity, 8);
        }
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever, 0: don't block) for readiness; returns how many fds are
     * ready (0 on timeout or signal interruption). A pending wake-up is reported as {@link #WAKEUP_TAG} and
     * consumed.
     */
    public int await(int timeoutMs) {
        int n = WAIT.call(epfd.get(), events, capacity, timeoutMs);
        if (n < 0) {
            if (-n == Errno.EINTR.number()) {
                return 0;
            }
            throw Check.error(OpKind.SYSTEM, "waiting on the epoll set of " + what, -n);
        }
        for (int i = 0; i < n; i++) {
            if (readyTag(i) == WAKEUP_TAG) {
                EventFd.drain(eventFd.get(), drainScratch);
            }
        }
        return n;
    }

    /** The tag of the {@code i}-th ready fd of the last {@link #await(int)}. */
    public int readyTag(int i) {
        return (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
    }

    /** Makes the current or next {@link #await(int)} return. Safe from any thread; a no-op once closed. */
    public synchronized void wakeup() {
        if (!closed) {
            EventFd.signal(eventFd.get(), one);
        }
    }

    /** Closes the epoll fd and the eventfd. Must not race with {@link #await(int)}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        eventFd.close();
        epfd.close();
        arena.close();
    }
}
