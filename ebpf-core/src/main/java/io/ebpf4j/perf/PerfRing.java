package io.ebpf4j.perf;

import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.Mmap;
import io.ebpf4j.internal.os.PerfEvents;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One CPU's perf event buffer: the metadata page (struct perf_event_mmap_page: data_head is read with
 * acquire semantics, data_tail written with release semantics) followed by 2^n data pages. Records
 * (struct perf_event_header: u32 type, u16 misc, u16 size) are 8-byte aligned and may wrap around the
 * end of the data area.
 */
final class PerfRing {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int HEADER = 8;

    final int cpu;
    final Fd fd;
    private final MemorySegment meta;
    private final MemorySegment data;
    private final long dataSize;
    private final long mask;
    private long tail;

    volatile long records;
    volatile long bytes;
    volatile long lost;

    PerfRing(int cpu, Fd fd, int pages, Arena arena) {
        this.cpu = cpu;
        this.fd = fd;
        long page = Mmap.pageSize();
        MemorySegment all = Mmap.map(fd.get(), 0, page * (1 + pages), Mmap.PROT_READ | Mmap.PROT_WRITE, arena,
                "the perf buffer of CPU " + cpu);
        this.meta = all.asSlice(0, page);
        long offset = meta.get(ValueLayout.JAVA_LONG, PerfEvents.DATA_OFFSET);
        long size = meta.get(ValueLayout.JAVA_LONG, PerfEvents.DATA_SIZE);
        if (offset == 0 || size == 0) { // kernels before 4.1 leave them 0: data follows the first page
            offset = page;
            size = page * pages;
        }
        this.data = all.asSlice(offset, size).asReadOnly();
        this.dataSize = size;
        this.mask = size - 1;
        this.tail = meta.get(ValueLayout.JAVA_LONG, PerfEvents.DATA_TAIL);
    }

    /** Handles every complete record; {@code scratch} (64 KiB) receives records that wrap. */
    int drain(PerfSampleHandler samples, LostSamplesHandler lostHandler, MemorySegment scratch, MemorySegment scratchView) {
        long pos = tail;
        int n = 0;
        long b = 0;
        long l = 0;
        try {
            long head = (long) LONG.getAcquire(meta, PerfEvents.DATA_HEAD);
            while (pos < head) {
                long off = pos & mask;
                int type = data.get(ValueLayout.JAVA_INT, off);
                int size = Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT, off + 6));
                if (size < HEADER) {
                    pos = head; // cannot happen with a sane kernel; never loop forever
                    break;
                }
                MemorySegment seg = data;
                long base = off;
                if (off + size > dataSize) {
                    long first = dataSize - off;
                    MemorySegment.copy(data, off, scratch, 0, first);
                    MemorySegment.copy(data, 0, scratch, first, size - first);
                    seg = scratchView;
                    base = 0;
                }
                pos += size;
                if (type == PerfEvents.RECORD_SAMPLE) {
                    int len = seg.get(ValueLayout.JAVA_INT_UNALIGNED, base + HEADER);
                    n++;
                    b += len;
                    samples.onSample(cpu, seg, base + HEADER + 4, len);
                } else if (type == PerfEvents.RECORD_LOST) {
                    long count = seg.get(ValueLayout.JAVA_LONG_UNALIGNED, base + HEADER + 8);
                    l += count;
                    if (lostHandler != null) {
                        lostHandler.onLost(cpu, count);
                    }
                }
            }
        } finally {
            tail = pos;
            LONG.setRelease(meta, PerfEvents.DATA_TAIL, pos);
            if (n != 0) {
                records += n;
                bytes += b;
            }
            if (l != 0) {
                lost += l;
            }
        }
        return n;
    }
}
