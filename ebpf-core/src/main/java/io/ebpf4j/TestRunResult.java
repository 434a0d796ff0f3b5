package io.ebpf4j;

/**
 * The outcome of BPF_PROG_TEST_RUN.
 *
 * @param returnValue the program's return value (e.g. XDP_PASS = 2)
 * @param durationNs  the average duration of one run, in nanoseconds, as the kernel measured it
 * @param dataOut     the packet as the program left it (empty when no output buffer was asked for)
 */
public record TestRunResult(int returnValue, long durationNs, byte[] dataOut) {
}
