package io.ebpf4j.hooks.syscall;

/** Receives slow-call events on the {@link SyscallLatency}'s reader thread; must not block for long. */
@FunctionalInterface
public interface SlowCallListener {
    void onSlowCall(SlowCall call);
}
