package io.ebpf4j.ringbuf;

import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.Mmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One BPF_MAP_TYPE_RINGBUF mapped into memory as the kernel lays it out: the consumer page (read-write,
 * consumer_pos at offset 0), then the producer page (read-only, producer_pos at offset 0) followed by
 * the data area mapped twice in a row, so that no record wraps in virtual memory.
 *
 * <p>Record header (8 bytes): {@code u32 len} whose bit 31 is BUSY (reserved, not yet committed) and bit
 * 30 DISCARD, then {@code u32 pg_off}. Records start 8-byte aligned.
 */
final class Ring {
    static final int BUSY = 1 << 31;
    static final int DISCARD = 1 << 30;
    static final int HEADER = 8;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final String name;
    final Fd fd;
    final long size;
    private final long mask;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    /** The data area (both mappings), read-only, scoped to the reader's arena: what raw callbacks see. */
    private final MemorySegment data;
    /** Address of the data area, for the reader's own header reads (see {@link Unchecked}). */
    private final long dataAddress;
    /** The raw callback, or null. */
    private final RawRecordHandler handler;
    /** The view callback, or null. */
    private final RecordViewHandler viewHandler;
    /** The view handed to {@link #viewHandler}, or null. */
    private final RecordView view;
    private final long releaseBytes;
    private long cons;
    /** The last record's length, and its size in the ring with header and padding (see drain). */
    private int lastLen = 8;
    private long stride = 16;

    volatile long records;
    volatile long bytes;
    volatile long discarded;

    /**
     * @param raw  the callback, or null when {@code viewHandler} is given
     * @param viewHandler the callback taking a {@link RecordView}, or null
     */
    Ring(String name, Fd fd, long size, RawRecordHandler raw, RecordViewHandler viewHandler, Arena arena) {
        this.name = name;
        this.fd = fd;
        this.size = size;
        this.mask = size - 1;
        this.releaseBytes = Math.max(size / 4, HEADER);
        long page = Mmap.pageSize();
        MemorySegment consumerPage = Mmap.map(fd.get(), 0, page, Mmap.PROT_READ | Mmap.PROT_WRITE, arena,
                "the consumer page of ring buffer '" + name + "'");
        // Written only by drain() and read by the constructor, both under the reader's lock.
        this.consumer = MemorySegment.ofAddress(consumerPage.address()).reinterpret(8);
        MemorySegment ro = Mmap.map(fd.get(), page, page + 2 * size, Mmap.PROT_READ, arena,
                "the producer page and data of ring buffer '" + name + "'");
        this.producer = ro.asSlice(0, page).asReadOnly();
        this.data = ro.asSlice(page, 2 * size).asReadOnly();
        this.dataAddress = data.address();
        this.handler = raw;
        this.viewHandler = viewHandler;
        this.view = viewHandler == null ? null : new RecordView(name);
        this.cons = (long) LONG.getAcquire(consumer, 0L);
    }

    /**
     * Reads of the mapped ring without the liveness and bounds checks of its arena's segments: a
     * constant segment over the whole address space, whose checks the JIT folds away. Used only at
     * addresses inside this ring's mapping (header offsets are masked to the data area; a
     * {@link RecordView} checks its record's bounds) and only while the mapping is known to be alive:
     * drain() runs under the reader's lock, which close() waits for before unmapping, and a view reads
     * only on the draining thread while its callback runs.
     */
    static final class Unchecked {
        static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

        private Unchecked() {}
    }

    /** Bytes the producer has committed or reserved that this consumer has not consumed yet. */
    long pending() {
        return (long) LONG.getAcquire(producer, 0L) - cons;
    }

    /**
     * Hands every committed record to the callback, in order; stops at a record still being written.
     * Batches: producer_pos is read (acquire) once per batch, the records up to it are walked (each
     * header read with acquire, so that the record's bytes written before the kernel cleared BUSY are
     * seen), and consumer_pos is published (release) once at the end of the batch, or after a quarter of
     * the ring when the batch is larger, so that the producer is never held up by a whole ring. When a
     * callback throws, its record counts as consumed (the finally blocks publish the position past it).
     *
     * <p>The walk predicts that each record is as long as the one before ({@link #lastLen}): the next
     * position then does not wait for the header load (a mispredicted branch corrects it), so consecutive
     * header loads overlap instead of forming one chain of dependent loads. The raw and the view walk are
     * two copies of one loop so that each is compiled for its own callback kind.
     */
    int drain() {
        if (view == null) {
            return walkRaw();
        }
        view.enter();
        try {
            return walkViews();
        } finally {
            view.leave();
        }
    }

    private int walkRaw() {
        final MemorySegment all = Unchecked.ALL;
        final MemorySegment data = this.data;
        final MemorySegment producer = this.producer;
        final MemorySegment consumer = this.consumer;
        final RawRecordHandler handler = this.handler;
        final long address = this.dataAddress;
        final long mask = this.mask;
        final long releaseBytes = this.releaseBytes;
        long pos = cons;
        long stride = this.stride;
        int lastLen = this.lastLen;
        int n = 0;
        long b = 0;
        long d = 0;
        try {
            outer:
            for (;;) {
                long prod = (long) LONG.getAcquire(producer, 0L);
                if (pos >= prod) {
                    break;
                }
                do {
                    long limit = Math.min(prod, pos + releaseBytes);
                    do {
                        long off = pos & mask;
                        int header = (int) INT.getAcquire(all, address + off);
                        if (header < 0) { // BUSY is the sign bit
                            break outer;
                        }
                        int len = header & ~DISCARD;
                        long next = pos + stride; // predicted: does not wait for the header load
                        if (len != lastLen) { // compared on len, not on the stride, so the JIT keeps the branch
                            lastLen = len;
                            stride = (len + HEADER + 7) & ~7L;
                            next = pos + stride;
                        }
                        pos = next;
                        if ((header & DISCARD) == 0) {
                            n++;
                            b += len;
                            handler.onRecord(data, off + HEADER, len);
                        } else {
                            d++;
                        }
                    } while (pos < limit);
                    publish(pos);
                } while (pos < prod);
            }
        } finally {
            finish(pos, stride, lastLen, n, b, d);
        }
        return n;
    }

    /** {@link #walkRaw} with the {@link RecordView} callback (keep the two loops alike). */
    private int walkViews() {
        final MemorySegment all = Unchecked.ALL;
        final MemorySegment producer = this.producer;
        final RecordViewHandler handler = this.viewHandler;
        final RecordView view = this.view;
        final long address = this.dataAddress;
        final long mask = this.mask;
        final long releaseBytes = this.releaseBytes;
        long pos = cons;
        long stride = this.stride;
        int lastLen = this.lastLen;
        int n = 0;
        long b = 0;
        long d = 0;
        try {
            outer:
            for (;;) {
                long prod = (long) LONG.getAcquire(producer, 0L);
                if (pos >= prod) {
                    break;
                }
                do {
                    long limit = Math.min(prod, pos + releaseBytes);
                    do {
                        long off = pos & mask;
                        int header = (int) INT.getAcquire(all, address + off);
                        if (header < 0) { // BUSY is the sign bit
                            break outer;
                        }
                        int len = header & ~DISCARD;
                        long next = pos + stride; // predicted: does not wait for the header load
                        if (len != lastLen) { // compared on len, not on the stride, so the JIT keeps the branch
                            lastLen = len;
                            stride = (len + HEADER + 7) & ~7L;
                            next = pos + stride;
                        }
                        pos = next;
                        if ((header & DISCARD) == 0) {
                            n++;
                            b += len;
                            view.open(address + off + HEADER, len);
                            try {
                                handler.onRecord(view);
                            } finally {
                                view.invalidate();
                            }
                        } else {
                            d++;
                        }
                    } while (pos < limit);
                    publish(pos);
                } while (pos < prod);
            }
        } finally {
            finish(pos, stride, lastLen, n, b, d);
        }
        return n;
    }

    /** Gives the space before {@code pos} back to the producer (release: after the callbacks' reads). */
    private void publish(long pos) {
        LONG.setRelease(consumer, 0L, pos);
        cons = pos;
    }

    /** Ends a walk: publishes the position (also when a callback threw) and adds to the counters. */
    private void finish(long pos, long stride, int lastLen, int n, long b, long d) {
        if (cons != pos) {
            publish(pos);
        }
        this.stride = stride;
        this.lastLen = lastLen;
        if (n != 0) {
            records += n;
            bytes += b;
        }
        if (d != 0) {
            discarded += d;
        }
    }
}
