package io.ebpf4j.hooks.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.metrics.SyscallCollector;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Waits;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An event flood into a ring buffer (every sendto of this process becomes a slow-call event) while
 * the listener is stuck: the 256 KiB ring fills, the rest is lost and counted in the kernel, never
 * queued anywhere; every call is either delivered or counted lost, exactly, and the count is
 * exported. Once the listener returns, the reader drains the ring and keeps up with the next burst.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS})
class EventFloodTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aFloodLosesCountedEventsAndNeverStallsTheReader() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicLong delivered = new AtomicLong();
        int flood = 20_000;
        try (SyscallLatency sl = SyscallLatency.builder().syscalls(Set.of(Syscall.SENDTO)).tgid(SELF)
                .slowThreshold(Duration.ofNanos(1)).listener(call -> {
                    if (call.syscall() == Syscall.SENDTO) {
                        delivered.incrementAndGet();
                    }
                    try {
                        stuck.await(); // a listener that does not return: the reader thread stops reading
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
             RawSockets udp = RawSockets.udpBound()) {
            for (int i = 0; i < flood; i++) {
                assertEquals(8, udp.sendTo(udp.port(), 8));
            }
            long calls = sl.histogram(Syscall.SENDTO).count();
            assertTrue(calls >= flood, "every sendto measured: " + calls);
            long lost = sl.lostEvents();
            // 256 KiB of 64-byte records (56-byte event + 8-byte header): the ring holds 4096 at most
            assertTrue(lost >= calls - 4096 - 2, "lost " + lost + " of " + calls);

            long release = System.nanoTime();
            stuck.countDown();
            Waits.until(() -> delivered.get() + sl.lostEvents() == sl.histogram(Syscall.SENDTO).count(),
                    "every measured call delivered or counted lost");
            double drainMs = (System.nanoTime() - release) / 1e6;
            long afterFlood = delivered.get();
            assertEquals(sl.histogram(Syscall.SENDTO).count(), afterFlood + sl.lostEvents());
            assertEquals((double) sl.lostEvents(), lostExported(sl), "the loss is exported");

            // the reader keeps up: a burst that fits in the ring is delivered whole, nothing more is lost
            long lostBefore = sl.lostEvents();
            for (int i = 0; i < 2_000; i++) {
                udp.sendTo(udp.port(), 8);
            }
            Waits.until(() -> delivered.get() + sl.lostEvents() == sl.histogram(Syscall.SENDTO).count(),
                    "the second burst delivered");
            assertEquals(lostBefore, sl.lostEvents(), "no loss once the listener keeps up");
            assertTrue(delivered.get() - afterFlood >= 2_000);
            System.out.printf("event flood: %d sendto events, %d delivered, %d lost (counted in sl_lost, exported as "
                    + "ebpf4j_syscall_lost_events); ring drained in %.1f ms after the listener returned; "
                    + "then 2000 more delivered without loss%n", calls, afterFlood, sl.lostEvents(), drainMs);
        }
    }

    private static double lostExported(SyscallLatency sl) {
        for (MetricSnapshot s : new SyscallCollector(sl).collect()) {
            if (s.getMetadata().getName().equals("ebpf4j_syscall_lost_events")) {
                return ((CounterSnapshot) s).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("ebpf4j_syscall_lost_events not exported");
    }
}
