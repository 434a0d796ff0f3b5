package io.ebpf4j.ringbuf;

import java.time.Duration;

/**
 * What the ring buffer and perf buffer readers have in common, so that code can pick one at run time
 * ({@link RingBufferReader#isSupported()}) and consume from either.
 */
public interface EventReader extends AutoCloseable {
    /**
     * Waits up to {@code timeout} for records and hands every available one to its callback.
     * {@link Duration#ZERO} does not block; a negative timeout waits without limit.
     *
     * @return records handled (0 on timeout or {@link #wakeup()}), or -1 once the reader is closed
     *         (also when {@link #close()} interrupted this call)
     */
    int poll(Duration timeout);

    /** Hands every available record to its callback without blocking; returns how many, or -1 if closed. */
    int consume();

    /** Makes a poll blocked in another thread (or the next poll) return early. Safe from any thread. */
    void wakeup();

    /** The reader's counters. Safe from any thread. */
    ReaderStats stats();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /** Stops the reader, waking a blocked poll, and releases mappings and fds. Idempotent; any thread. */
    @Override
    void close();
}
