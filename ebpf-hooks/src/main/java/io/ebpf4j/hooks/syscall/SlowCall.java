package io.ebpf4j.hooks.syscall;

/**
 * One syscall that took at least the slow threshold.
 *
 * @param kernelTimeNanos  when the call returned, kernel CLOCK_MONOTONIC ({@code bpf_ktime_get_ns}), ns
 * @param durationNanos    how long it took, ns
 * @param ret              its return value (negative errno on failure)
 * @param syscall          which syscall
 * @param tgid             the process id
 * @param tid              the thread id
 * @param comm             the thread's command name
 * @param receivedNanos    {@link System#nanoTime()} when the listener was called (same clock as
 *                         {@code kernelTimeNanos} on Linux)
 */
public record SlowCall(long kernelTimeNanos, long durationNanos, long ret, Syscall syscall, int tgid, int tid, String comm,
        long receivedNanos) {

    /** Nanoseconds from the syscall's return to the listener call. */
    public long deliveryLatencyNanos() {
        return receivedNanos - kernelTimeNanos;
    }
}
