package io.ebpf4j.internal;

import io.ebpf4j.internal.os.EpollSet;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The poll loop the ring buffer and perf buffer readers share: drain what is there, else wait in
 * epoll (or spin) until data, timeout, {@link #wakeup()} or {@link #close()}. Owns the reader's
 * {@link EpollSet} and lifecycle ({@link ReaderGate}).
 */
public final class PollLoop {
    private final EpollSet epoll;
    private final IntSupplier drain;
    private final boolean busyPoll;
    private final ReaderGate gate;
    private volatile boolean woken;
    private volatile long polls;
    private volatile long wakeups;

    /**
     * @param drain   hands every available record to its callback and returns how many (polling thread only)
     * @param release frees the reader's mappings and fds; called once, after any poll has left; the
     *                loop closes {@code epoll} itself just before
     */
    public PollLoop(EpollSet epoll, IntSupplier drain, boolean busyPoll, Runnable release) {
        this.epoll = epoll;
        this.drain = drain;
        this.busyPoll = busyPoll;
        this.gate = new ReaderGate(epoll::wakeup, () -> {
            epoll.close();
            release.run();
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
}
