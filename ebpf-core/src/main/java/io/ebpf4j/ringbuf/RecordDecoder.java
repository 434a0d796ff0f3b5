package io.ebpf4j.ringbuf;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * Turns a record's bytes into a Java value. The segment is valid only during the call: the decoder
 * must copy what it keeps (a record of primitives and Strings read from the segment is the usual
 * result).
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface RecordDecoder<T> {
    T decode(MemorySegment record);

    /** A handler that decodes each record and passes the value to {@code sink}. */
    default RawRecordHandler to(Consumer<? super T> sink) {
        return (buffer, offset, length) -> sink.accept(decode(buffer.asSlice(offset, length)));
    }
}
