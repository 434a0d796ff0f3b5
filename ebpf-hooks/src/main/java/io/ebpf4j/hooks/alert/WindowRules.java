package io.ebpf4j.hooks.alert;

import io.ebpf4j.hooks.mesh.PeerStats;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.Syscall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates the window rules against snapshots, one evaluation thread at a time. */
final class WindowRules {
    private final Dispatcher out;
    private final List<AlertRule> rules = new ArrayList<>();
    private final Map<AlertRule, Hysteresis> states = new HashMap<>();
    private final Map<AlertRule, Map<String, SnapshotWindow<ProbeStats>>> probeWindows = new HashMap<>();
    private final Map<AlertRule, SnapshotWindow<LatencyHistogram>> syscallWindows = new HashMap<>();

    WindowRules(List<AlertRule> all, Dispatcher out) {
        this.out = out;
        for (AlertRule r : all) {
            if (r instanceof AlertRule.ProbeLoss || r instanceof AlertRule.Rtt || r instanceof AlertRule.SyscallP99) {
                rules.add(r);
                states.put(r, new Hysteresis());
                if (r instanceof AlertRule.SyscallP99 s) {
                    syscallWindows.put(r, new SnapshotWindow<>(s.window().toNanos()));
                } else {
                    probeWindows.put(r, new HashMap<>());
                }
            }
        }
    }

    boolean wantsMesh() {
        return !probeWindows.isEmpty();
    }

    /** The syscalls whose histograms the rules read. */
    Set<Syscall> syscalls() {
        Set<Syscall> s = new java.util.HashSet<>();
        for (AlertRule r : rules) {
            if (r instanceof AlertRule.SyscallP99 p) {
                s.add(p.syscall());
            }
        }
        return s;
    }

    /** Evaluates the mesh rules on a snapshot read at kernel time {@code tNs}. */
    synchronized void onMesh(long tNs, List<PeerStats> peers) {
        for (AlertRule r : rules) {
            for (PeerStats p : peers) {
                String subject = p.spiffeId().toString();
                switch (r) {
                    case AlertRule.ProbeLoss l -> {
                        ProbeStats base = probeWindows.get(r).computeIfAbsent(subject,
                                s -> new SnapshotWindow<>(l.window().toNanos())).add(tNs, p.probe());
                        long expected = p.probe().expected() - base.expected();
                        long lost = Math.max(0, p.probe().lost() - base.lost());
                        if (expected >= l.minProbes()) {
                            double ratio = (double) lost / expected;
                            transition(r, subject, ratio > l.maxLossRatio(), ratio, l.maxLossRatio(), tNs,
                                    String.format("probe loss of %s %.1f %% (%d of %d) over %d ms", subject, ratio * 100,
                                            lost, expected, l.window().toMillis()));
                        }
                    }
                    case AlertRule.Rtt t -> {
                        long rtt = p.probe().lastRttNs();
                        if (p.probe().replies() > 0) {
                            transition(r, subject, rtt > t.max().toNanos(), rtt, t.max().toNanos(), tNs,
                                    String.format("RTT to %s %.1f us (threshold %.1f us)", subject, rtt / 1e3,
                                            t.max().toNanos() / 1e3));
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    /** Evaluates the syscall rules on histograms read at kernel time {@code tNs}. */
    synchronized void onHistograms(long tNs, Map<Syscall, LatencyHistogram> histograms) {
        for (AlertRule r : rules) {
            if (r instanceof AlertRule.SyscallP99 s && histograms.containsKey(s.syscall())) {
                LatencyHistogram now = histograms.get(s.syscall());
                LatencyHistogram delta = delta(now, syscallWindows.get(r).add(tNs, now));
                String name = s.syscall().syscallName();
                if (delta.count() < s.minCalls()) { // too few calls to judge: quiet counts as healthy
                    transition(r, name, false, delta.p99Nanos(), s.max().toNanos(), tNs, String.format(
                            "%s: %d calls over %d ms", name, delta.count(), s.window().toMillis()));
                } else {
                    double p99 = delta.p99Nanos();
                    transition(r, name, p99 > s.max().toNanos(), p99, s.max().toNanos(), tNs,
                            String.format("%s p99 ~%.1f us over %d ms, %d calls (threshold %.1f us)", name, p99 / 1e3,
                                    s.window().toMillis(), delta.count(), s.max().toNanos() / 1e3));
                }
            }
        }
    }

    static LatencyHistogram delta(LatencyHistogram now, LatencyHistogram base) {
        long[] a = now.buckets();
        long[] b = base.buckets();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0, a[i] - b[i]);
        }
        return new LatencyHistogram(now.syscall(), a, Math.max(0, now.count() - base.count()),
                Math.max(0, now.sumNanos() - base.sumNanos()));
    }

    private void transition(AlertRule r, String subject, boolean condition, double value, double threshold, long tNs,
            String message) {
        Alert.Phase phase = states.get(r).update(subject, condition);
        if (phase != null) {
            out.raise(r, phase, subject, value, threshold, tNs, (phase == Alert.Phase.RESOLVED ? "resolved: " : "") + message);
        }
    }
}
