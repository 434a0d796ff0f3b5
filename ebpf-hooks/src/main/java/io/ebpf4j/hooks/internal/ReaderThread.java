package io.ebpf4j.hooks.internal;

import io.ebpf4j.ringbuf.EventReader;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an {@link EventReader} on a daemon thread until closed. A handler that throws is logged and
 * polling goes on (the record counts as consumed). Not part of the public API.
 */
public final class ReaderThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderThread.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final EventReader reader;
    private final Thread thread;
    private volatile boolean stopping;

    private ReaderThread(EventReader reader, String name) {
        this.reader = reader;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts polling {@code reader} on a new daemon thread called {@code name}. */
    public static ReaderThread start(EventReader reader, String name) {
        ReaderThread t = new ReaderThread(reader, name);
        t.thread.start();
        return t;
    }

    /** The reader being polled. */
    public EventReader reader() {
        return reader;
    }

    private void run() {
        while (!stopping) {
            try {
                if (reader.poll(POLL) < 0) {
                    return;
                }
            } catch (RuntimeException e) {
                if (stopping || reader.isClosed()) {
                    return;
                }
                LOG.warn("event listener failed on {}; continuing", thread.getName(), e);
            }
        }
    }

    /** Stops the thread, waits for it (up to 5 s) and closes the reader. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        reader.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reader.close();
    }
}
