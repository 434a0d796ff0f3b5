package io.ebpf4j.ringbuf;

/**
 * Receives records in place as a {@link RecordView}: no copy and no allocation per record, and a view
 * that cannot be misused after the call (it throws {@link IllegalStateException} once the callback has
 * returned). Added with {@link RingBufferReader.Builder#ringView}.
 */
@FunctionalInterface
public interface RecordViewHandler {
    /**
     * Handles one record. {@code record} is valid only during this call. An exception stops the current
     * drain and propagates out of {@code poll}/{@code consume}; the record counts as consumed.
     */
    void onRecord(RecordView record);
}
