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
    private final MemorySegment data;
    /**
     * The data area again, without arena liveness checks (they cost about a nanosecond per record), for
     * the reader's own header reads. Callbacks only ever see {@link #data}.
     */
    private final MemorySegment headers;
    private final RawRecordHandler handler;
    private final long releaseBytes;
    private long cons;

    volatile long records;
    volatile long bytes;
    volatile long discarded;

    Ring(String name, Fd fd, long size, RawRecordHandler handler, Arena arena) {
        this.name = name;
        this.fd = fd;
        this.size = size;
        this.mask = size - 1;
        this.releaseBytes = Math.min(size / 16, 4096);
        this.handler = handler;
        long page = Mmap.pageSize();
        MemorySegment consumerPage = Mmap.map(fd.get(), 0, page, Mmap.PROT_READ | Mmap.PROT_WRITE, arena,
                "the consumer page of ring buffer '" + name + "'");
        // Like headers: written only by drain() and read by the constructor, both under the reader's lock.
        this.consumer = MemorySegment.ofAddress(consumerPage.address()).reinterpret(8);
        MemorySegment ro = Mmap.map(fd.get(), page, page + 2 * size, Mmap.PROT_READ, arena,
                "the producer page and data of ring buffer '" + name + "'");
        this.producer = ro.asSlice(0, page).asReadOnly();
        this.data = ro.asSlice(page, 2 * size).asReadOnly();
        // Only drain() reads through this alias, and drain() runs under the reader's lock, which close()
        // takes before unmapping: the memory is always mapped when it is read.
        this.headers = MemorySegment.ofAddress(data.address()).reinterpret(2 * size).asReadOnly();
        this.cons = (long) LONG.getAcquire(consumer, 0L);
    }

    /** Bytes the producer has committed or reserved that this consumer has not consumed yet. */
    long pending() {
        return (long) LONG.getAcquire(producer, 0L) - cons;
    }

    /**
     * Hands every committed record to the handler, in order; stops at a record still being written.
     * consumer_pos is published (release) after every {@code releaseBytes} of records (a sixteenth of the
     * ring, at most 4 KiB) and when the drain ends: a store per record costs more than the record. When a
     * callback throws, its record counts as consumed (the finally block publishes the position past it).
     */
    int drain() {
        final MemorySegment data = this.data;
        final MemorySegment headers = this.headers;
        final MemorySegment producer = this.producer;
        final MemorySegment consumer = this.consumer;
        final RawRecordHandler handler = this.handler;
        final long mask = this.mask;
        final long releaseBytes = this.releaseBytes;
        long pos = cons;
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
                while (pos < prod) {
                    // release consumer_pos every releaseBytes: a store in the per-record loop costs more
                    // than the record itself
                    long limit = Math.min(prod, pos + releaseBytes);
                    do {
                        long off = pos & mask;
                        int header = (int) INT.getAcquire(headers, off);
                        if ((header & BUSY) != 0) {
                            break outer;
                        }
                        int len = header & ~(BUSY | DISCARD);
                        pos += (len + HEADER + 7) & ~7L;
                        if ((header & DISCARD) == 0) {
                            n++;
                            b += len;
                            handler.onRecord(data, off + HEADER, len);
                        } else {
                            d++;
                        }
                    } while (pos < limit);
                    LONG.setRelease(consumer, 0L, pos);
                }
            }
        } finally {
            if (cons != pos) {
                LONG.setRelease(consumer, 0L, pos);
                cons = pos;
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
