package io.ebpf4j.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lifecycle of a reader whose poll may block in one thread while another closes it: the polling
 * thread {@linkplain #enter() enters} and {@linkplain #exit() exits} around each poll; {@link #close()}
 * wakes it, waits for it to leave and then releases the resources exactly once. Closing from inside a
 * callback (the polling thread itself) defers the release to the end of that poll.
 */
public final class ReaderGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable wake;
    private final Runnable release;
    private volatile boolean closeRequested;
    private boolean released;

    /** {@code wake} makes a blocked poll return; {@code release} frees everything (called once). */
    public ReaderGate(Runnable wake, Runnable release) {
        this.wake = wake;
        this.release = release;
    }

    /** Takes the poll lock; false (lock not held) when the reader is closed. */
    public boolean enter() {
        lock.lock();
        if (closeRequested) {
            exit();
            return false;
        }
        return true;
    }

    /** Leaves a poll, releasing the resources when a close was requested meanwhile. */
    public void exit() {
        try {
            if (closeRequested && !released && lock.getHoldCount() == 1) {
                released = true;
                release.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closeRequested;
    }

    /** Requests the close, wakes a blocked poll and (unless called from inside it) waits for it and releases. */
    public void close() {
        closeRequested = true;
        wake.run();
        if (lock.isHeldByCurrentThread()) {
            return; // inside a callback: the enclosing poll releases on exit
        }
        lock.lock();
        exit();
    }
}
