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
    /** The last record's size with header and padding (see drain). */
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
        this.view = viewHandler == null ? null : new RecordView(dataAddress, name);
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
     * Hands every committed record to the handler, in order; stops at a record still being written.
     * Batches: producer_pos is read (acquire) once per batch, the records up to it are walked (each
     * header read with acquire, so that the record's bytes written before the kernel cleared BUSY are
     * seen), and consumer_pos is published (release) once at the end of the batch, or after a quarter of
     * the ring when the batch is larger, so that the producer is never held up by a whole ring. When a
     * callback throws, its record counts as consumed (the finally block publishes the position past it).
     */
    int drain() {
        final MemorySegment all = Unchecked.ALL;
        final MemorySegment data = this.data;
        final MemorySegment producer = this.producer;
        final MemorySegment consumer = this.consumer;
        final RawRecordHandler handler = this.handler;
        final RecordViewHandler viewHandler = this.viewHandler;
        final RecordView view = this.view;
        final long address = this.dataAddress;
        final long mask = this.mask;
        final long releaseBytes = this.releaseBytes;
        if (view != null) {
            view.enter();
        }
        long pos = cons;
        long stride = this.stride;
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
                        long step = (len + HEADER + 7) & ~7L;
                        if (step != stride) {
                            stride = step;
                        }
                        pos += stride;
                        if ((header & DISCARD) == 0) {
                            n++;
                            b += len;
                            if (view != null) {
                                view.open(off + HEADER, len);
                                try {
                                    viewHandler.onRecord(view);
                                } finally {
                                    view.invalidate();
                                }
                            } else {
                                handler.onRecord(data, off + HEADER, len);
                            }
                        } else {
                            d++;
                        }
                    } while (pos < limit);
                    LONG.setRelease(consumer, 0L, pos);
                    cons = pos;
                } while (pos < prod);
            }
        } finally {
            if (cons != pos) {
                LONG.setRelease(consumer, 0L, pos);
                cons = pos;
            }
            this.stride = stride;
            if (view != null) {
                view.leave();
            }
            if (n != 0) {
                records += n;
                bytes += b;
            }
            if (d != 0) {
                discarded += d;
            }
        }
        return n;
    }
}
