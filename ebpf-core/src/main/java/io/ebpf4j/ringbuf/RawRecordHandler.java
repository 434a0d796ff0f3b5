package io.ebpf4j.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Receives records in place, without copying or allocating: the record occupies bytes
 * {@code [offset, offset + length)} of {@code buffer}, a read-only view of the ring's data area.
 *
 * <p>The bytes are valid only during the call: once it returns the reader hands the space back to the
 * producer, which may overwrite it. Copy what must outlive the call. The segment itself stays readable
 * until the reader is closed, so a late read sees other data but never crashes the JVM.
 */
@FunctionalInterface
public interface RawRecordHandler {
    /**
     * Handles one record. An exception stops the current drain and propagates out of
     * {@code poll}/{@code consume}; the record counts as consumed.
     */
    void onRecord(MemorySegment buffer, long offset, int length);
}
