package io.ebpf4j.hooks.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.RequiresKernel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SyscallLatencyTest}'s tests on the syscall tracepoints ({@code syscalls:sys_enter_<name>}),
 * and both paths at once counting the same calls.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER,
        KernelFeature.TRACEFS})
class SyscallLatencyTracepointPathTest extends SyscallLatencyTest {
    @Override
    SyscallLatency.Builder builder() {
        return SyscallLatency.builder().attachPath(AttachPath.TRACEPOINT);
    }

    @Override
    AttachPath path() {
        return AttachPath.TRACEPOINT;
    }

    @Test
    void theRawAndTheTracepointPathCountTheSameCalls() {
        long self = ProcessHandle.current().pid();
        Set<Syscall> measured = Set.of(Syscall.SENDTO, Syscall.RECVFROM);
        try (SyscallLatency raw = SyscallLatency.builder().attachPath(AttachPath.RAW_TRACEPOINT).syscalls(measured)
                .tgid(self).build();
             SyscallLatency tp = builder().syscalls(measured).tgid(self).build();
             RawSockets udp = RawSockets.udpBound()) {
            for (int i = 0; i < 500; i++) {
                udp.sendTo(udp.port(), 8);
                udp.recvFrom();
            }
            for (Syscall s : Syscall.values()) {
                assertEquals(tp.histogram(s).count(), raw.histogram(s).count(), s + ": " + raw.histogram(s));
            }
            assertEquals(500, raw.histogram(Syscall.SENDTO).count());
            assertEquals(500, raw.histogram(Syscall.RECVFROM).count());
            assertEquals(0, raw.histogram(Syscall.CONNECT).count(), "a syscall not measured is not counted");
        }
    }
}
