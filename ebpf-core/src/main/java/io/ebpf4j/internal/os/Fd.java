package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kernel file descriptor with one owner. {@link #close()} is idempotent; an owned fd that becomes
 * unreachable without being closed is closed by a {@link Cleaner} with a warning naming what leaked.
 *
 * <p>A <em>borrowed</em> fd belongs to someone else (libbpf, for the maps and programs of an object):
 * closing it only marks it closed so that later use fails cleanly instead of hitting a recycled
 * descriptor number; the owner closes the real descriptor.
 */
public final class Fd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fd.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final int fd;
    private final String what;
    private final AtomicBoolean closed;
    private final Cleaner.Cleanable cleanable;

    private Fd(int fd, String what, boolean owned) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd + " (" + what + ")");
        }
        this.fd = fd;
        this.what = what;
        this.closed = new AtomicBoolean();
        this.cleanable = owned ? CLEANER.register(this, new Reclaim(fd, what, closed)) : null;
    }

    /** Takes ownership of {@code fd}; {@code what} names it in errors and leak warnings. */
    public static Fd owned(int fd, String what) {
        return new Fd(fd, what, true);
    }

    /** Wraps an fd owned elsewhere: close marks it unusable but leaves the descriptor alone. */
    public static Fd borrowed(int fd, String what) {
        return new Fd(fd, what, false);
    }

    /**
     * The descriptor number.
     *
     * @throws BpfException if it was closed
     */
    public int get() {
        if (closed.get()) {
            throw new BpfException("using " + what, "it was closed");
        }
        return fd;
    }

    /** The number even when closed, for messages only. */
    public int number() {
        return fd;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** What this fd refers to. */
    public String what() {
        return what;
    }

    @Override
    public void close() {
        if (cleanable == null) {
            closed.set(true);
        } else {
            cleanable.clean(); // runs Reclaim at most once
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + fd + (closed.get() ? ", closed)" : ")");
    }

    private record Reclaim(int fd, String what, AtomicBoolean closed) implements Runnable {
        @Override
        public void run() {
            // Runs either from close() (closed is false and we close) or from the Cleaner after the
            // owner became unreachable without close(): that is a leak worth a warning.
            if (closed.compareAndSet(false, true)) {
                boolean explicit = StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getMethodName().equals("close")
                        && f.getClassName().equals(Fd.class.getName())));
                if (!explicit) {
                    LOG.warn("{} (fd {}) was not closed; reclaimed by the garbage collector. Close it with try-with-resources.",
                            what, fd);
                }
                LibC.close(fd);
            }
        }
    }
}
