package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery latency of drop events, kernel timestamp to listener: printed, not asserted. */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsMeasurementTest {

    @Test
    void measureDropEventDeliveryLatency() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int n = 3000;
        long[] latencies = new long[n];
        AtomicInteger seen = new AtomicInteger();
        try (NetEvents ne = NetEvents.builder().tracepoints(Set.of(NetTracepoint.KFREE_SKB)).onDrop(d -> {
                 if (d.reason().name().equals("NO_SOCKET")) {
                     int i = seen.getAndIncrement();
                     if (i < n) {
                         latencies[i] = d.deliveryLatencyNanos();
                     }
                 }
             }).build();
             RawSockets udp = RawSockets.udpBound()) {
            for (int i = 0; i < n; i++) {
                udp.sendTo(port, 8);
                long end = System.nanoTime() + 100_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            Waits.until(() -> seen.get() >= n, n + " drop events");
            Arrays.sort(latencies);
            assertTrue(latencies[0] >= 0);
            System.out.printf("MEASURE drop event delivery (UDP to a closed port, one every ~100 us), %d events:"
                    + " p50 %.1f us, p99 %.1f us, max %.1f us; lost %d%n", n, latencies[n / 2] / 1e3,
                    latencies[n * 99 / 100] / 1e3, latencies[n - 1] / 1e3, ne.lostEvents());
        }
    }
}
