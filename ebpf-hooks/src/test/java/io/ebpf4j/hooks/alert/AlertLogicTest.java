package io.ebpf4j.hooks.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Counters;
import io.ebpf4j.hooks.mesh.GuardCounters;
import io.ebpf4j.hooks.mesh.PeerStats;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.ebpf4j.hooks.netevents.DropReason;
import io.ebpf4j.hooks.netevents.Endpoint;
import io.ebpf4j.hooks.netevents.NetEvent;
import io.ebpf4j.hooks.netevents.TcpState;
import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.SlowCall;
import io.ebpf4j.hooks.syscall.Syscall;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine on synthetic inputs: no kernel. */
class AlertLogicTest {
    static final long MS = 1_000_000L;
    final AtomicLong clock = new AtomicLong(1_000 * MS);
    final List<Alert> alerts = new CopyOnWriteArrayList<>();

    AlertEngine engine(AlertRule... rules) {
        return AlertEngine.builder().allowMissingSources().period(null).kernelClock(clock::get).rules(List.of(rules))
                .listener(alerts::add).build();
    }

    static NetEvent.Reset reset(long t, String remote) {
        return new NetEvent.Reset(t, t, false, new Endpoint(InetAddress.ofLiteral("10.0.0.1"), 1),
                new Endpoint(InetAddress.ofLiteral(remote), 80), TcpState.SYN_SENT, 0, "", 0);
    }

    @Test
    void aBurstOfResetsFiresOncePerPeerAndResolvesWhenTheWindowEmpties() {
        try (AlertEngine e = engine(AlertRule.resets("resets", Severity.WARNING, 2, Duration.ofMillis(100)))) {
            for (int i = 0; i < 10; i++) {
                e.eventRules().onNetEvent(reset(clock.get() + i * MS, "10.0.0.2"));
            }
            e.eventRules().onNetEvent(reset(clock.get(), "10.0.0.3")); // one: below the threshold
            assertEquals(1, alerts.size(), alerts.toString());
            Alert a = alerts.get(0);
            assertEquals(Alert.Phase.FIRING, a.phase());
            assertEquals("10.0.0.2", a.subject());
            assertEquals(3, a.value());
            assertEquals(clock.get() + 2 * MS, a.causeKernelNs(), "the third event's time stamp");
            clock.addAndGet(50 * MS);
            e.evaluate();
            assertEquals(1, alerts.size(), "still 8 in the window");
            clock.addAndGet(60 * MS);
            e.evaluate();
            e.evaluate();
            assertEquals(2, alerts.size(), alerts.toString());
            assertEquals(Alert.Phase.RESOLVED, alerts.get(1).phase());
            assertEquals(clock.get(), alerts.get(1).causeKernelNs());
        }
    }

    @Test
    void perEventRulesFireForEveryMatchingEvent() {
        try (AlertEngine e = engine(new AlertRule.EachDrop("nosock", Severity.INFO, "NO_SOCKET"),
                new AlertRule.EachSlowCall("slow", Severity.WARNING, Syscall.values()[0], Duration.ofMillis(10)))) {
            for (int i = 0; i < 5; i++) {
                e.eventRules().onNetEvent(new NetEvent.Drop(i, i, new DropReason(2, "NO_SOCKET"), 0x0800, 0));
                e.eventRules().onNetEvent(new NetEvent.Drop(i, i, new DropReason(3, "OTHER"), 0x0800, 0));
            }
            Syscall s = Syscall.values()[0];
            e.eventRules().onSlowCall(new SlowCall(7, 20 * MS, 0, s, 1, 1, "x", 8));
            e.eventRules().onSlowCall(new SlowCall(7, 5 * MS, 0, s, 1, 1, "x", 8)); // faster than the rule's min
            assertEquals(6, alerts.size(), alerts.toString());
            assertEquals(5, alerts.stream().filter(a -> a.ruleId().equals("nosock")).count());
            assertEquals(7, alerts.get(5).causeKernelNs());
        }
    }

    static PeerStats peer(String id, long expected, long lost, long rttNs) {
        return new PeerStats(SpiffeId.parse(id), 1, Counters.ZERO,
                new ProbeStats(expected - lost, expected, lost, rttNs, rttNs, rttNs, 0, new long[ProbeStats.BUCKETS]),
                GuardCounters.ZERO);
    }

    @Test
    void probeLossOverTheWindowFiresOnceThenResolves() {
        String b = "spiffe://mesh.test/node/b";
        try (AlertEngine e = engine(new AlertRule.ProbeLoss("loss", Severity.CRITICAL, 0.2, Duration.ofMillis(300), 20))) {
            long expected = 0, lost = 0;
            // 10 probes and 0 lost per 100 ms for 1 s, then 10 and 4 lost for 1 s, then clean again
            int[] lossPerTick = new int[30];
            for (int i = 10; i < 20; i++) {
                lossPerTick[i] = 4;
            }
            int firedAt = -1, resolvedAt = -1;
            for (int tick = 0; tick < 30; tick++) {
                expected += 10;
                lost += lossPerTick[tick];
                clock.addAndGet(100 * MS);
                int before = alerts.size();
                e.windowRules().onMesh(clock.get(), List.of(peer(b, expected, lost, 1000)));
                if (alerts.size() > before) {
                    if (alerts.getLast().phase() == Alert.Phase.FIRING) {
                        firedAt = tick;
                    } else {
                        resolvedAt = tick;
                    }
                }
            }
            assertEquals(2, alerts.size(), alerts.toString());
            assertEquals(b, alerts.get(0).subject());
            // window = the last 3 ticks: 4/30 at tick 10 is below 20 %, 8/30 at tick 11 above
            assertEquals(11, firedAt);
            assertEquals(8.0 / 30, alerts.get(0).value(), 1e-9);
            assertEquals(21, resolvedAt, "ticks 19..21 hold 4 lost of 30");
            assertEquals(Alert.Phase.RESOLVED, alerts.get(1).phase());
        }
    }

    @Test
    void rttAboveTheThresholdFiresOnceWhileItStaysHigh() {
        String b = "spiffe://mesh.test/node/b";
        try (AlertEngine e = engine(new AlertRule.Rtt("rtt", Severity.WARNING, Duration.ofMillis(1)))) {
            long[] rtts = {100_000, 2 * MS, 3 * MS, 5 * MS, 200_000, 150_000};
            for (long rtt : rtts) {
                e.windowRules().onMesh(clock.addAndGet(100 * MS), List.of(peer(b, 10, 0, rtt)));
            }
            assertEquals(List.of(Alert.Phase.FIRING, Alert.Phase.RESOLVED), alerts.stream().map(Alert::phase).toList());
            assertEquals(2 * MS, alerts.get(0).value());
        }
    }

    static LatencyHistogram hist(Syscall s, long fastCalls, long slowCalls) {
        long[] b = new long[LatencyHistogram.BUCKETS];
        b[10] = fastCalls; // ~1 us
        b[24] = slowCalls; // ~16 ms
        return new LatencyHistogram(s, b, fastCalls + slowCalls, fastCalls * 1024 + slowCalls * (1L << 24));
    }

    @Test
    void syscallP99IsTakenFromTheHistogramDeltaOverTheWindow() {
        Syscall s = Syscall.values()[0];
        try (AlertEngine e = engine(new AlertRule.SyscallP99("p99", Severity.WARNING, s, Duration.ofMillis(1),
                Duration.ofMillis(200), 100))) {
            long fast = 0, slow = 0;
            for (int tick = 0; tick < 12; tick++) {
                fast += 1000;
                slow += tick >= 4 && tick < 6 ? 100 : 0; // 10 % slow calls in two ticks
                e.windowRules().onHistograms(clock.addAndGet(100 * MS), Map.of(s, hist(s, fast, slow)));
            }
            assertEquals(List.of(Alert.Phase.FIRING, Alert.Phase.RESOLVED), alerts.stream().map(Alert::phase).toList());
            assertEquals(s.syscallName(), alerts.get(0).subject());
            // once the slow calls left the window, the cumulative p99 would still be high: the delta is not
            assertEquals(Alert.Phase.RESOLVED, alerts.get(1).phase());
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        try (AlertEngine e = AlertEngine.builder().allowMissingSources().period(null)
                .rule(new AlertRule.EachDrop("any", Severity.INFO, null)).listener(a -> {
                    throw new IllegalStateException("broken monitor");
                }).listener(alerts::add).build()) {
            e.eventRules().onNetEvent(new NetEvent.Drop(1, 1, new DropReason(2, "NO_SOCKET"), 0x0800, 0));
            assertEquals(1, alerts.size());
        }
    }

    @Test
    void badRulesAreRejectedWithTheirName() {
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRule.ProbeLoss("x", Severity.INFO, 1.5, Duration.ofMillis(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule.Rtt(" ", Severity.INFO, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> AlertRule.resets("r", Severity.INFO, 0, Duration.ZERO));
        var dup = AlertEngine.builder().allowMissingSources().period(null)
                .rule(new AlertRule.EachDrop("d", Severity.INFO, null)).rule(new AlertRule.EachDrop("d", Severity.INFO, null));
        assertThrows(IllegalArgumentException.class, dup::build);
        var noSource = AlertEngine.builder().rule(new AlertRule.EachDrop("d", Severity.INFO, null));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, noSource::build);
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("rule d needs a source"), ex.getMessage());
    }
}
