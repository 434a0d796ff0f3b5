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
    private final RawRecordHandler handler;
    private long cons;

    volatile long records;
    volatile long bytes;
    volatile long discarded;

    Ring(String name, Fd fd, long size, RawRecordHandler handler, Arena arena) {
        this.name = name;
        this.fd = fd;
        this.size = size;
        this.mask = size - 1;
        this.handler = handler;
        long page = Mmap.pageSize();
        this.consumer = Mmap.map(fd.get(), 0, page, Mmap.PROT_READ | Mmap.PROT_WRITE, arena,
                "the consumer page of ring buffer '" + name + "'");
        MemorySegment ro = Mmap.map(fd.get(), page, page + 2 * size, Mmap.PROT_READ, arena,
                "the producer page and data of ring buffer '" + name + "'");
        this.producer = ro.asSlice(0, page).asReadOnly();
        this.data = ro.asSlice(page, 2 * size).asReadOnly();
        this.cons = (long) LONG.getAcquire(consumer, 0L);
    }

    /** Bytes the producer has committed or reserved that this consumer has not consumed yet. */
    long pending() {
        return (long) LONG.getAcquire(producer, 0L) - cons;
    }

    /** Hands every committed record to the handler, in order; stops at a record still being written. */
    int drain() {
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
                    long off = pos & mask;
                    int header = (int) INT.getAcquire(data, off);
                    if ((header & BUSY) != 0) {
                        break outer;
                    }
                    int len = header & ~(BUSY | DISCARD);
                    pos += (len + HEADER + 7) & ~7L;
                    if ((header & DISCARD) == 0) {
                        n++;
                        b += len;
                        try {
                            handler.onRecord(data, off + HEADER, len);
                        } finally {
                            LONG.setRelease(consumer, 0L, pos);
                        }
                    } else {
                        d++;
                        LONG.setRelease(consumer, 0L, pos);
                    }
                }
            }
        } finally {
            cons = pos;
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
