package io.ebpf4j.perf;

import java.lang.foreign.MemorySegment;

/**
 * Receives the raw data of each sample in place, without copying (except for a sample that wraps
 * around the end of the buffer, which is first copied into a per-reader scratch area) and without
 * allocating: bytes {@code [offset, offset + length)} of the read-only {@code buffer}, valid only during
 * the call. The kernel pads raw data so that {@code length + 4} is a multiple of 8: {@code length} may
 * exceed what the program passed to bpf_perf_event_output by up to 7 bytes.
 */
@FunctionalInterface
public interface PerfSampleHandler {
    /** Handles a sample written on {@code cpu}. An exception stops the drain and propagates out of poll. */
    void onSample(int cpu, MemorySegment buffer, long offset, int length);
}
