package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.libbpf.BtfCalls;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code struct btf *} and its lifetime: owned ones are freed by {@link #close()} (idempotent) or,
 * if their holder is dropped unclosed, by a {@link Cleaner}; borrowed ones belong to someone else
 * (a {@code bpf_object}) and are never freed here.
 *
 * <p>Every native access runs under the read lock and {@link #close()} takes the write lock, so a
 * close racing with a lookup on another thread cannot free memory that is being read.
 */
final class NativeBtf implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBtf.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemorySegment ptr;
    private final String what;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean explicitClose = new AtomicBoolean();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Cleaner.Cleanable cleanable;

    /** @param holder the object whose unreachability frees an owned pointer (null for borrowed ones) */
    NativeBtf(MemorySegment ptr, String what, Object holder) {
        this.ptr = ptr;
        this.what = what;
        this.cleanable = holder == null ? null : CLEANER.register(holder, new Reclaim(ptr, what, closed, explicitClose));
    }

    /** The pointer, for use under {@link #read()}. */
    MemorySegment ptr() {
        return ptr;
    }

    String what() {
        return what;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Takes the read lock and checks that the BTF is open; release with {@link Access#close()}.
     *
     * @throws BpfException if it was closed
     */
    Access read() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        if (closed.get()) {
            r.unlock();
            throw new BpfException("using " + what, "it was closed");
        }
        return r::unlock;
    }

    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * Closes, running {@code first} under the write lock before the pointer is freed: split BTF built
     * on this one is closed there, so that none can be created or used against freed memory.
     */
    void close(Runnable first) {
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            first.run();
            explicitClose.set(true);
            if (cleanable == null) {
                closed.set(true);
            } else {
                cleanable.clean();
            }
        } finally {
            w.unlock();
        }
    }

    /** A held read lock. */
    interface Access extends AutoCloseable {
        @Override
        void close();
    }

    /** Frees the pointer once: from {@link #close()}, or from the Cleaner when the holder leaked. */
    private record Reclaim(MemorySegment ptr, String what, AtomicBoolean closed, AtomicBoolean explicitClose)
            implements Runnable {
        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                if (!explicitClose.get()) {
                    LOG.warn("{} was not closed; freed by the garbage collector. Close it with try-with-resources.", what);
                }
                BtfCalls.free(ptr);
            }
        }
    }
}
