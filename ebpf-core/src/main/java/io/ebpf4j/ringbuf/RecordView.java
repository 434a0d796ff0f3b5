package io.ebpf4j.ringbuf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The record a {@link RecordViewHandler} is handling, read in place in the ring's memory: no copy, no
 * allocation. Values are read in the machine's byte order (the BPF program wrote them in it), at any
 * alignment, at offsets relative to the start of the record.
 *
 * <p>A reader has one view per ring and reuses it for every record. The view is valid only while the
 * callback it was handed to runs: once the callback returns (or throws), the reader gives the record's
 * space back to the producer and invalidates the view, and any later use of it, from any thread, throws
 * {@link IllegalStateException}. Copy what must outlive the call ({@link #toArray()},
 * {@link #copyTo(long, byte[], int, int)}). Only the thread running the callback may read the view;
 * another thread gets {@link IllegalStateException} too. Reads outside the record throw
 * {@link IndexOutOfBoundsException}.
 */
public final class RecordView {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    /** Reads go through the reader's unchecked segment; {@link #at} makes them safe. */
    private static final MemorySegment ALL = Ring.Unchecked.ALL;

    private final String ring;
    /** The thread draining the ring (the only one that may read), or null between drains. */
    private Thread owner;
    /** Address of the current record. */
    private long base;
    /** Length of the current record; -1 when the view is not valid (between callbacks). */
    private int length = -1;

    RecordView(String ring) {
        this.ring = ring;
    }

    /** The calling thread starts a drain: it alone may read the view (during its callbacks). */
    void enter() {
        owner = Thread.currentThread();
    }

    /** The drain ended. */
    void leave() {
        owner = null;
        length = -1;
    }

    /** Points the view at the record at {@code address} ({@code length} bytes, inside the data area). */
    void open(long address, int length) {
        this.base = address;
        this.length = length;
    }

    /** Ends the view's validity (the callback returned). */
    void invalidate() {
        this.length = -1;
    }

    /** Whether the view may be read: true only inside the callback it was handed to. */
    public boolean isValid() {
        return length >= 0 && Thread.currentThread() == owner;
    }

    /**
     * The record's length in bytes.
     *
     * @throws IllegalStateException when the callback has returned
     */
    public int length() {
        int len = length;
        if (len < 0 || Thread.currentThread() != owner) {
            throw refused(0, 0, len);
        }
        return len;
    }

    /** The byte at {@code offset}. */
    public byte getByte(long offset) {
        return ALL.get(ValueLayout.JAVA_BYTE, at(offset, 1));
    }

    /** The 16-bit value at {@code offset} (machine byte order, any alignment). */
    public short getShort(long offset) {
        return ALL.get(SHORT, at(offset, 2));
    }

    /** The 32-bit value at {@code offset} (machine byte order, any alignment). */
    public int getInt(long offset) {
        return ALL.get(INT, at(offset, 4));
    }

    /** The 64-bit value at {@code offset} (machine byte order, any alignment). */
    public long getLong(long offset) {
        return ALL.get(LONG, at(offset, 8));
    }

    /** Copies {@code count} bytes from {@code offset} of the record into {@code dst} at {@code dstOffset}. */
    public void copyTo(long offset, byte[] dst, int dstOffset, int count) {
        Objects.checkFromIndexSize(dstOffset, count, Objects.requireNonNull(dst, "dst").length);
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, at(offset, count), dst, dstOffset, count);
    }

    /** Copies {@code count} bytes from {@code offset} of the record into {@code dst} at {@code dstOffset}. */
    public void copyTo(long offset, MemorySegment dst, long dstOffset, long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException("count " + count);
        }
        MemorySegment.copy(ALL, at(offset, (int) count), Objects.requireNonNull(dst, "dst"), dstOffset, count);
    }

    /** A copy of the whole record (allocates). */
    public byte[] toArray() {
        byte[] out = new byte[length()];
        copyTo(0, out, 0, out.length);
        return out;
    }

    /**
     * The address of bytes {@code [offset, offset + size)} of the record; throws unless the view is valid,
     * the caller is the draining thread and the bytes are inside the record. Those three make the read
     * through {@link #ALL} safe: the record lies inside the ring's mapping, which stays mapped while
     * the draining thread is in a callback (close() waits for the poll to end).
     */
    private long at(long offset, int size) {
        int len = length;
        if (offset < 0 || offset > len - size || Thread.currentThread() != owner) {
            throw refused(offset, size, len);
        }
        return base + offset;
    }

    private RuntimeException refused(long offset, int size, int len) {
        if (len < 0) {
            return stale();
        }
        if (Thread.currentThread() != owner) {
            return new IllegalStateException("the record view of ring buffer '" + ring + "' was used from thread '"
                    + Thread.currentThread().getName() + "'; only the thread running its callback may read it");
        }
        return new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + size) + ") are outside the "
                + len + "-byte record of ring buffer '" + ring + "'");
    }

    private IllegalStateException stale() {
        return new IllegalStateException("the record view of ring buffer '" + ring + "' was used after its callback"
                + " returned: the record's space is back with the producer; copy what you keep inside the callback"
                + " (RecordView.toArray or copyTo)");
    }

    @Override
    public String toString() {
        int len = length;
        return len < 0 ? "RecordView[" + ring + ", invalid]" : "RecordView[" + ring + ", " + len + " bytes]";
    }
}
