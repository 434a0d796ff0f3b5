package io.ebpf4j.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Receives each record as its own segment ({@code record.byteSize()} is the record's length). The
 * contents are valid only during the call (see {@link RawRecordHandler}). Creating the slice may
 * allocate a small object per record; use {@link RawRecordHandler} for an allocation-free path.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MemorySegment record);

    /** This handler as a {@link RawRecordHandler}. */
    default RawRecordHandler raw() {
        return (buffer, offset, length) -> onRecord(buffer.asSlice(offset, length));
    }
}
