package io.ebpf4j.ringbuf;

/**
 * A snapshot of a reader's counters since it was opened.
 *
 * @param records   records handed to callbacks
 * @param bytes     payload bytes of those records
 * @param discarded records the producer discarded (ring buffers: bpf_ringbuf_discard), skipped
 * @param lost      samples the kernel reported lost because the buffer was full (perf buffers); ring
 *                  buffers cannot see producer drops (bpf_ringbuf_reserve/output fail in the program),
 *                  so this is 0 for them
 * @param polls     calls of {@code poll} and {@code consume}
 * @param wakeups   times a blocking poll returned because of {@code wakeup()} or {@code close()}
 */
public record ReaderStats(long records, long bytes, long discarded, long lost, long polls, long wakeups) {
    /** The sum of this and {@code other}. */
    public ReaderStats plus(ReaderStats other) {
        return new ReaderStats(records + other.records, bytes + other.bytes, discarded + other.discarded,
                lost + other.lost, polls + other.polls, wakeups + other.wakeups);
    }
}
