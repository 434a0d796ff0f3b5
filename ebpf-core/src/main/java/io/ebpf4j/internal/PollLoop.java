package io.ebpf4j.internal;

import io.ebpf4j.internal.os.EpollSet;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop the ring buffer and perf buffer readers share: drain what is there, else wait in
 * epoll (or spin) until data, timeout, {@link #wakeup()} or {@link #close()}. Owns the reader's
 * {@link EpollSet} and lifecycle ({@link ReaderGate}); a reader that becomes unreachable unclosed is
 * released by a {@link Cleaner}, with a warning.
 */
public final class PollLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final EpollSet epoll;
    private final IntSupplier drain;
    private final boolean busyPoll;
    private final ReaderGate gate;
    private final Cleaner.Cleanable cleanable;
    private final Release once;
    private volatile boolean woken;
    private volatile long polls;
    private volatile long wakeups;

    /**
     * @param owner   the reader (watched by the Cleaner; {@code release} must not refer to it)
     * @param what    names the reader in the leak warning
     * @param drain   hands every available record to its callback and returns how many (polling thread only)
     * @param release frees the reader's mappings and fds; called once, after any poll has left; the
     *                loop closes {@code epoll} itself just before
     */
    public PollLoop(Object owner, String what, EpollSet epoll, IntSupplier drain, boolean busyPoll, Runnable release) {
        this.epoll = epoll;
        this.drain = drain;
        this.busyPoll = busyPoll;
        this.once = new Release(what, epoll, release);
        this.cleanable = CLEANER.register(owner, once);
        this.gate = new ReaderGate(epoll::wakeup, () -> {
            once.explicit = true;
            cleanable.clean();
        });
    }

    /** See {@code RingBufferReader.poll}: records handled, 0 on timeout or wakeup, -1 once closed. */
    public int poll(Duration timeout) {
        long timeoutNs = timeout.isNegative() ? -1 : saturatedNanos(timeout);
        if (!gate.enter()) {
            return -1;
        }
        try {
            polls++;
            int n = busyPoll ? spin(timeoutNs) : block(timeoutNs);
            return gate.isClosed() && n == 0 ? -1 : n;
        } finally {
            gate.exit();
            Reference.reachabilityFence(this);
        }
    }

    /** Drains without blocking: records handled, or -1 once closed. */
    public int consume() {
        if (!gate.enter()) {
            return -1;
        }
        try {
            polls++;
            return drain.getAsInt();
        } finally {
            gate.exit();
            Reference.reachabilityFence(this);
        }
    }

    public void wakeup() {
        woken = true;
        epoll.wakeup();
    }

    public void close() {
        gate.close();
    }

    public boolean isClosed() {
        return gate.isClosed();
    }

    public long polls() {
        return polls;
    }

    public long wakeups() {
        return wakeups;
    }

    private int block(long timeoutNs) {
        long deadline = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        for (;;) {
            int n = drain.getAsInt();
            if (n > 0 || checkWoken() || timeoutNs == 0) {
                return n;
            }
            int ms;
            if (timeoutNs < 0) {
                ms = -1;
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                ms = (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
            }
            if (epoll.await(ms) == 0 && timeoutNs >= 0 && System.nanoTime() - deadline >= 0) {
                return drain.getAsInt();
            }
        }
    }

    private int spin(long timeoutNs) {
        long deadline = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        for (;;) {
            int n = drain.getAsInt();
            if (n > 0 || checkWoken() || timeoutNs == 0 || (timeoutNs > 0 && System.nanoTime() - deadline >= 0)) {
                return n;
            }
            Thread.onSpinWait();
        }
    }

    private boolean checkWoken() {
        if (woken || gate.isClosed()) {
            woken = false;
            wakeups++;
            return true;
        }
        return false;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Closes the epoll set and runs the reader's release, once; warns when the Cleaner got there first. */
    private static final class Release implements Runnable {
        private final String what;
        private final EpollSet epoll;
        private final Runnable release;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile boolean explicit;

        Release(String what, EpollSet epoll, Runnable release) {
            this.what = what;
            this.epoll = epoll;
            this.release = release;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (!explicit) {
                LOG.warn("{} was not closed; releasing its mappings and fds now. Close it with try-with-resources.", what);
            }
            epoll.close();
            release.run();
        }
    }
}
