package io.ebpf4j.hooks.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.testutil.RawSockets;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.prebuilt.Prebuilt;
import io.ebpf4j.validate.ProgramInput;
import io.ebpf4j.validate.ValidationReport;
import io.ebpf4j.validate.Validator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * SyscallLatency against the running kernel: the calls this test makes are counted and reported, on
 * the attach path chosen by default (raw tracepoints where the kernel has no kprobes);
 * {@link SyscallLatencyTracepointPathTest} runs the same tests on the syscall tracepoints.
 */
@RequiresKernel({KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER})
class SyscallLatencyTest {
    private static final int EAGAIN = 11;
    private static final int ECONNREFUSED = 111;
    private static final long SELF = ProcessHandle.current().pid();

    /** A builder on the path under test. */
    SyscallLatency.Builder builder() {
        return SyscallLatency.builder();
    }

    /** The path under test where the kernel has no kprobes. */
    AttachPath path() {
        return AttachPath.RAW_TRACEPOINT;
    }

    @Test
    void slowRecvfromCallsBecomeEventsAndEveryCallIsCounted() {
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        int calls = 5;
        try (SyscallLatency sl = builder().tgid(SELF).slowThreshold(Duration.ofMillis(20))
                .listener(events::add).build();
             RawSockets udp = RawSockets.udpBound()) {
            if (!KernelCapabilities.cached().has(KernelFeature.KPROBE_ATTACH)) {
                assertEquals(path(), sl.attachPath());
                assertTrue(sl.state().reason().contains(path() == AttachPath.TRACEPOINT ? "requested" : "kprobe"),
                        sl.state().reason());
            }
            udp.receiveTimeoutMillis(50);
            for (int i = 0; i < calls; i++) {
                assertEquals(-EAGAIN, udp.recvFrom());
            }
            long sent = udp.sendTo(udp.port(), 8);
            assertEquals(8, sent);
            Waits.until(() -> events.size() >= calls, "slow recvfrom events");

            LatencyHistogram h = sl.histogram(Syscall.RECVFROM);
            assertEquals(calls, h.count(), h.toString());
            assertEquals(calls, java.util.Arrays.stream(h.buckets()).sum());
            assertTrue(h.sumNanos() >= calls * 50_000_000L, h.toString()); // SO_RCVTIMEO waits at least 50 ms
            assertTrue(h.p50Nanos() >= 33_554_432, h.toString()); // 50 ms lies in bucket 25: [2^25, 2^26)
            assertEquals(1, sl.histogram(Syscall.SENDTO).count());
            for (SlowCall e : events) {
                assertEquals(Syscall.RECVFROM, e.syscall());
                assertEquals(SELF, e.tgid());
                assertEquals(-EAGAIN, e.ret());
                assertTrue(e.durationNanos() >= 50_000_000L, e.toString());
                assertTrue(e.kernelTimeNanos() > 0 && e.receivedNanos() >= e.kernelTimeNanos(),
                        "kernel time and System.nanoTime share CLOCK_MONOTONIC: " + e);
            }
            assertEquals(calls, events.size(), "the fast sendto is below the threshold");
            assertEquals(0, sl.lostEvents());
        }
    }

    @Test
    void thePathTheKernelOffersMeasuresRealConnectSendtoAndRecvfromCalls(TestReporter reporter) throws Exception {
        String arch = System.getProperty("os.arch");
        boolean kprobes = KernelCapabilities.cached().has(KernelFeature.KPROBE_ATTACH)
                && (arch.equals("amd64") || arch.equals("x86_64"));
        int calls = 20;
        try (SyscallLatency sl = SyscallLatency.builder().syscalls(Set.of(Syscall.CONNECT, Syscall.SENDTO, Syscall.RECVFROM))
                .tgid(SELF).build();
             ServerSocket server = new ServerSocket(0, calls + 5, InetAddress.getLoopbackAddress());
             RawSockets udp = RawSockets.udpBound()) {
            AttachPath expected = kprobes ? AttachPath.KPROBE
                    : KernelCapabilities.cached().has(KernelFeature.RAW_TRACEPOINT_ATTACH) ? AttachPath.RAW_TRACEPOINT
                    : AttachPath.TRACEPOINT;
            assertEquals(expected, sl.attachPath(), sl.state().reason());
            for (int i = 0; i < calls; i++) { // completed handshakes wait in the backlog: no accept needed
                try (RawSockets tcp = RawSockets.tcp()) {
                    assertEquals(0, tcp.connect(server.getLocalPort()));
                }
            }
            for (int i = 0; i < calls; i++) {
                assertEquals(16, udp.sendTo(udp.port(), 16));
            }
            for (int i = 0; i < calls; i++) {
                assertEquals(16, udp.recvFrom(), "the datagrams sent above");
            }
            StringBuilder summary = new StringBuilder();
            for (Syscall s : List.of(Syscall.CONNECT, Syscall.SENDTO, Syscall.RECVFROM)) {
                LatencyHistogram h = sl.histogram(s);
                assertEquals(calls, h.count(), h.toString());
                assertEquals(calls, java.util.Arrays.stream(h.buckets()).sum(), h.toString());
                assertTrue(h.sumNanos() > 0 && h.p50Nanos() > 0, h.toString());
                summary.append(summary.isEmpty() ? "" : "; ").append(s.syscallName()).append(" count=").append(h.count())
                        .append(" p50=").append((long) h.p50Nanos() / 1000).append("us p99=").append((long) h.p99Nanos() / 1000)
                        .append("us sum=").append(h.sumNanos() / 1000).append("us");
            }
            reporter.publishEntry("path", "syscall-latency " + sl.attachPath() + " (" + sl.state().reason() + ")");
            reporter.publishEntry("histogram", "syscall-latency " + sl.attachPath() + ": " + summary);
        }
    }

    @Test
    void connectToAClosedPortIsMeasuredWithItsError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        try (SyscallLatency sl = builder().syscalls(Set.of(Syscall.CONNECT)).tgid(SELF)
                .slowThreshold(Duration.ofNanos(1)).listener(events::add).build()) {
            for (int i = 0; i < 3; i++) {
                try (RawSockets tcp = RawSockets.tcp()) {
                    assertEquals(-ECONNREFUSED, tcp.connect(port));
                }
            }
            Waits.until(() -> events.size() >= 3, "connect events");
            assertEquals(3, sl.histogram(Syscall.CONNECT).count());
            assertTrue(events.stream().allMatch(e -> e.syscall() == Syscall.CONNECT && e.ret() == -ECONNREFUSED), events.toString());
            assertEquals(Set.of(Syscall.CONNECT), sl.state().syscalls());
            assertEquals(0, sl.histogram(Syscall.RECVFROM).count(), "not measured");
        }
    }

    @Test
    void sendmsgAndRecvmsgAreMeasuredToo() {
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        try (SyscallLatency sl = builder().syscalls(Set.of(Syscall.SENDMSG, Syscall.RECVMSG)).tgid(SELF)
                .slowThreshold(Duration.ofMillis(100)).listener(events::add).build();
             RawSockets udp = RawSockets.udpBound()) {
            udp.receiveTimeoutMillis(200); // far above the threshold: a fast call in a TCG guest can take 17 ms
            int port = udp.port();
            for (int i = 0; i < 3; i++) {
                assertEquals(4, udp.sendMsg(port, 4));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(4, udp.recvMsg(), "the datagrams sent above");
            }
            assertEquals(-EAGAIN, udp.recvMsg());
            assertEquals(-EAGAIN, udp.recvMsg());
            assertEquals(3, sl.histogram(Syscall.SENDMSG).count());
            assertEquals(5, sl.histogram(Syscall.RECVMSG).count());
            Waits.until(() -> events.size() >= 2, "the two timed-out recvmsg calls");
            assertTrue(events.stream().allMatch(e -> e.syscall() == Syscall.RECVMSG && e.ret() == -EAGAIN
                    && e.durationNanos() >= 200_000_000L), events.toString());
            assertEquals(Set.of(Syscall.SENDMSG, Syscall.RECVMSG), sl.histograms().keySet());
        }
    }

    @Test
    void filtersAndThresholdChangeAtRunTime() {
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        try (SyscallLatency sl = builder().syscalls(Set.of(Syscall.SENDTO)).tgid(1).build();
             RawSockets udp = RawSockets.udpBound()) {
            sl.addListener(events::add);
            int port = udp.port();
            udp.sendTo(port, 1);
            assertEquals(0, sl.histogram(Syscall.SENDTO).count(), "filtered on pid 1");
            sl.setTgidFilter(SELF);
            udp.sendTo(port, 1);
            udp.sendTo(port, 1);
            assertEquals(2, sl.histogram(Syscall.SENDTO).count());
            sl.setCgroupFilter(SyscallLatency.currentCgroupId());
            udp.sendTo(port, 1);
            assertEquals(3, sl.histogram(Syscall.SENDTO).count(), "in our own cgroup");
            sl.setCgroupFilter(SyscallLatency.currentCgroupId() + 1_000_000);
            udp.sendTo(port, 1);
            assertEquals(3, sl.histogram(Syscall.SENDTO).count(), "another cgroup");
            sl.setCgroupFilter(0);
            assertTrue(events.isEmpty(), "no threshold, no events");
            sl.setSlowThreshold(Duration.ofNanos(1));
            udp.sendTo(port, 1);
            Waits.until(() -> events.size() == 1, "an event once the threshold is set");
            assertEquals(4, sl.histogram(Syscall.SENDTO).count());
            assertEquals(Syscall.SENDTO, events.get(0).syscall());
            assertEquals(1, events.get(0).ret());
        }
    }

    @Test
    void kernelTimestampsAreOnTheClockOfSystemNanoTime() {
        // bpf_ktime_get_ns() is CLOCK_MONOTONIC; so is System.nanoTime() on Linux: each call's exit
        // timestamp must fall between the nanoTime read before the call and the one after it
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        int calls = 50;
        long[] before = new long[calls];
        long[] after = new long[calls];
        try (SyscallLatency sl = builder().syscalls(Set.of(Syscall.SENDTO)).tgid(SELF)
                .slowThreshold(Duration.ofNanos(1)).listener(events::add).build();
             RawSockets udp = RawSockets.udpBound()) {
            int port = udp.port();
            for (int i = 0; i < calls; i++) {
                before[i] = System.nanoTime();
                udp.sendTo(port, 1);
                after[i] = System.nanoTime();
            }
            Waits.until(() -> events.size() >= calls, calls + " events");
            // the kernel's log2 bucketing agrees with the durations it reported, call by call
            long[] expected = new long[LatencyHistogram.BUCKETS];
            events.forEach(e -> expected[63 - Long.numberOfLeadingZeros(Math.max(1, e.durationNanos()))]++);
            LatencyHistogram h = sl.histogram(Syscall.SENDTO);
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(h.buckets()));
            assertEquals(events.stream().mapToLong(SlowCall::durationNanos).sum(), h.sumNanos());
        }
        for (int i = 0; i < calls; i++) {
            SlowCall e = events.get(i);
            assertTrue(before[i] <= e.kernelTimeNanos() && e.kernelTimeNanos() <= after[i],
                    "call " + i + ": " + before[i] + " <= " + e.kernelTimeNanos() + " <= " + after[i]);
            assertTrue(e.kernelTimeNanos() - e.durationNanos() >= before[i], "entry after the first nanoTime read");
        }
    }

    @Test
    void theKprobePathLoadsButFailsToAttachWithTheFallbackWhereTheKernelHasNoKprobes() {
        assumeFalse(KernelCapabilities.cached().has(KernelFeature.KPROBE_ATTACH), "this kernel has kprobes");
        // the kprobe programs load (the verifier accepts them) ...
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(SyscallLatency.OBJECT), SyscallLatency.OBJECT);
        spec.programs().forEach(p -> p.setAutoload(p.name().startsWith("kp_") || p.name().startsWith("krp_")));
        try (var obj = spec.load()) {
            assertEquals(10, obj.programs().size());
            obj.programs().forEach(p -> assertTrue(p.fd() > 0 && p.type() == io.ebpf4j.kernel.ProgramType.KPROBE, p.toString()));
        }
        // ... and attaching them is what fails, naming the fallback
        MissingFeatureException e = assertThrows(MissingFeatureException.class,
                () -> SyscallLatency.builder().attachPath(AttachPath.KPROBE).build().close());
        assertTrue(e.getMessage().contains("kprobe"), e.getMessage());
        assertTrue(e.fallback().orElseThrow().contains("syscalls:sys_enter"), e.getMessage());
    }

    @Test
    void everyProgramPassesTheValidator() {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(SyscallLatency.OBJECT), SyscallLatency.OBJECT);
        Validator validator = Validator.defaults();
        assertEquals(22, spec.programs().size());
        for (ProgramSpec p : spec.programs()) {
            ValidationReport r = validator.validate(ProgramInput.of(p.name(), p.type(), "GPL",
                    Instructions.decode(p.instructions())));
            assertTrue(r.ok(), p.name() + ": " + r);
        }
    }

    @Test
    void aThrowingListenerDoesNotStopDeliveryAndCloseIsIdempotent() {
        List<SlowCall> events = new CopyOnWriteArrayList<>();
        SyscallLatency sl = builder().syscalls(Set.of(Syscall.SENDTO)).tgid(SELF)
                .slowThreshold(Duration.ofNanos(1)).listener(c -> {
                    if (events.isEmpty()) {
                        events.add(c);
                        throw new IllegalStateException("listener bug (expected by the test)");
                    }
                    events.add(c);
                }).build();
        try (RawSockets udp = RawSockets.udpBound()) {
            int port = udp.port();
            udp.sendTo(port, 1);
            Waits.until(() -> events.size() == 1, "the first event");
            udp.sendTo(port, 1);
            udp.sendTo(port, 1);
            Waits.until(() -> events.size() == 3, "events after the listener threw");
        } finally {
            sl.close();
        }
        sl.close();
        assertThrows(IllegalStateException.class, () -> sl.setSlowThreshold(Duration.ofMillis(1)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SyscallLatency.builder().tgid(-1));
        assertThrows(IllegalArgumentException.class, () -> SyscallLatency.builder().slowThreshold(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> SyscallLatency.builder().syscalls(Set.of()));
    }
}
