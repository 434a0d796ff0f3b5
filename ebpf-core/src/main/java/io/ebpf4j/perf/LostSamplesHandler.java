package io.ebpf4j.perf;

/** Told when the kernel dropped samples because a CPU's buffer was full (PERF_RECORD_LOST). */
@FunctionalInterface
public interface LostSamplesHandler {
    void onLost(int cpu, long count);
}
