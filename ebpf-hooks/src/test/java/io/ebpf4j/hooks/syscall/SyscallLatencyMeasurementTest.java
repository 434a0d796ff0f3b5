package io.ebpf4j.hooks.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Measurements, printed, not asserted (no timed assertions): how long slow-call events take from
 * the kernel to the listener, and what the hook adds to each syscall.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS})
class SyscallLatencyMeasurementTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void measureEventDeliveryLatency() {
        int n = 3000;
        for (String mode : new String[] {"warm-up", "paced (one call every ~100 us)", "burst (back to back)"}) {
            long[] latencies = new long[n];
            AtomicInteger seen = new AtomicInteger();
            try (SyscallLatency sl = SyscallLatency.builder().syscalls(Set.of(Syscall.SENDTO)).tgid(SELF)
                    .slowThreshold(Duration.ofNanos(1)).listener(c -> {
                        int i = seen.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = c.deliveryLatencyNanos();
                        }
                    }).build();
                 RawSockets udp = RawSockets.udpBound(); RawSockets sink = RawSockets.udpBound()) {
                int port = sink.port();
                boolean paced = mode.startsWith("paced");
                for (int i = 0; i < n; i++) {
                    udp.sendTo(port, 1);
                    if (paced || i % 1000 == 999) {
                        spin(paced ? 100_000 : 5_000_000); // bursts of 1000: the 256 KiB ring holds 4096 events
                    }
                }
                Waits.until(() -> seen.get() >= n, n + " events");
                assertEquals(0, sl.lostEvents());
            }
            Arrays.sort(latencies);
            assertTrue(latencies[0] >= 0, "kernel time precedes the listener call");
            System.out.printf("MEASURE slow-call event delivery, %s, %d events: p50 %.1f us, p99 %.1f us, max %.1f us%n", mode, n,
                    latencies[n / 2] / 1e3, latencies[n * 99 / 100] / 1e3, latencies[n - 1] / 1e3);
        }
    }

    @Test
    void measureAddedCostPerSyscall() {
        int calls = 100_000;
        int rounds = 7;
        double[] none = new double[rounds];
        double[] counted = new double[rounds];
        double[] filtered = new double[rounds];
        AttachPath path = null;
        try (RawSockets udp = RawSockets.udpBound(); RawSockets sink = RawSockets.udpBound()) {
            int port = sink.port();
            nsPerCall(udp, port, calls); // warm-up (JIT of the downcall)
            for (int r = 0; r < rounds; r++) { // interleaved: the machine's load changes over time
                none[r] = nsPerCall(udp, port, calls);
                try (SyscallLatency sl = SyscallLatency.builder().tgid(SELF).build()) {
                    path = sl.attachPath();
                    long before = sl.histogram(Syscall.SENDTO).count();
                    counted[r] = nsPerCall(udp, port, calls);
                    assertEquals(calls, sl.histogram(Syscall.SENDTO).count() - before);
                    sl.setTgidFilter(1);
                    filtered[r] = nsPerCall(udp, port, calls);
                }
            }
        }
        Arrays.sort(none);
        Arrays.sort(counted);
        Arrays.sort(filtered);
        System.out.printf("MEASURE sendto (1 byte, UDP loopback), %s path, %d rounds x %d calls, ns/call min / median:"
                + " no hook %.0f / %.0f; hooked and counted %.0f / %.0f (+%.0f / +%.0f);"
                + " hooked, filtered out by tgid %.0f / %.0f (+%.0f / +%.0f)%n", path, rounds, calls,
                none[0], none[rounds / 2], counted[0], counted[rounds / 2], counted[0] - none[0],
                counted[rounds / 2] - none[rounds / 2], filtered[0], filtered[rounds / 2], filtered[0] - none[0],
                filtered[rounds / 2] - none[rounds / 2]);
    }

    /** {@code calls} sendto calls, ns per call. */
    private static double nsPerCall(RawSockets udp, int port, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            udp.sendTo(port, 1);
        }
        return (System.nanoTime() - t0) / (double) calls;
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
