package io.ebpf4j.hooks.alert;

import io.ebpf4j.hooks.netevents.NetEvent;
import io.ebpf4j.hooks.syscall.SlowCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Evaluates the event rules on the thread that delivers each event; resolves counts on the period. */
final class EventRules {
    private final Dispatcher out;
    private final List<AlertRule.EachDrop> eachDrop = new ArrayList<>();
    private final List<AlertRule.EachSlowCall> eachSlow = new ArrayList<>();
    private final Map<AlertRule.EventCount, EventWindow> windows = new HashMap<>();
    private final Map<AlertRule.EventCount, Hysteresis> states = new HashMap<>();

    EventRules(List<AlertRule> rules, Dispatcher out) {
        this.out = out;
        for (AlertRule r : rules) {
            switch (r) {
                case AlertRule.EachDrop d -> eachDrop.add(d);
                case AlertRule.EachSlowCall s -> eachSlow.add(s);
                case AlertRule.EventCount c -> {
                    windows.put(c, new EventWindow(c.window().toNanos()));
                    states.put(c, new Hysteresis());
                }
                default -> { }
            }
        }
    }

    boolean wantsNetEvents() {
        return !eachDrop.isEmpty() || !windows.isEmpty();
    }

    /** The network event kinds the rules read. */
    java.util.Set<io.ebpf4j.hooks.netevents.NetEventKind> netEventKinds() {
        var kinds = java.util.EnumSet.noneOf(io.ebpf4j.hooks.netevents.NetEventKind.class);
        if (!eachDrop.isEmpty()) {
            kinds.add(io.ebpf4j.hooks.netevents.NetEventKind.DROP);
        }
        windows.keySet().forEach(r -> kinds.addAll(r.kinds()));
        return kinds;
    }

    boolean wantsSlowCalls() {
        return !eachSlow.isEmpty();
    }

    void onNetEvent(NetEvent e) {
        if (e instanceof NetEvent.Drop d) {
            for (AlertRule.EachDrop r : eachDrop) {
                if (r.reason() == null || r.reason().equals(d.reason().name())) {
                    out.raise(r, Alert.Phase.FIRING, d.reason().name(), 1, 0, d.kernelTimeNanos(),
                            "packet dropped: " + d.reason().name());
                }
            }
        }
        for (var entry : windows.entrySet()) {
            AlertRule.EventCount r = entry.getKey();
            String subject = subject(r, e);
            if (subject != null) {
                synchronized (entry.getValue()) {
                    int n = entry.getValue().add(subject, e.kernelTimeNanos());
                    if (states.get(r).update(subject, n > r.maxCount()) == Alert.Phase.FIRING) {
                        out.raise(r, Alert.Phase.FIRING, subject, n, r.maxCount(), e.kernelTimeNanos(),
                                n + " " + r.kinds() + " events of " + subject + " within " + r.window().toMillis()
                                        + " ms (more than " + r.maxCount() + ")");
                    }
                }
            }
        }
    }

    void onSlowCall(SlowCall c) {
        for (AlertRule.EachSlowCall r : eachSlow) {
            if ((r.syscall() == null || r.syscall() == c.syscall()) && c.durationNanos() >= r.min().toNanos()) {
                out.raise(r, Alert.Phase.FIRING, c.syscall().syscallName(), c.durationNanos(), r.min().toNanos(),
                        c.kernelTimeNanos(), c.syscall().syscallName() + " took " + c.durationNanos() / 1000 + " us in "
                                + c.comm() + " (" + c.tgid() + "/" + c.tid() + ")");
            }
        }
    }

    /** Resolves count rules whose window emptied below the threshold by {@code nowKernelNs}. */
    void resolve(long nowKernelNs) {
        for (var entry : windows.entrySet()) {
            AlertRule.EventCount r = entry.getKey();
            synchronized (entry.getValue()) {
                Hysteresis h = states.get(r);
                for (String subject : h.active()) {
                    int n = entry.getValue().count(subject, nowKernelNs);
                    if (h.update(subject, n > r.maxCount()) == Alert.Phase.RESOLVED) {
                        out.raise(r, Alert.Phase.RESOLVED, subject, n, r.maxCount(), nowKernelNs,
                                subject + " back to " + n + " events within " + r.window().toMillis() + " ms");
                    }
                }
            }
        }
    }

    private static String subject(AlertRule.EventCount r, NetEvent e) {
        if (!r.kinds().contains(e.kind())) {
            return null;
        }
        return switch (e) {
            case NetEvent.Retransmit t -> t.remote().address().getHostAddress();
            case NetEvent.Reset t -> t.remote().address().getHostAddress();
            case NetEvent.Drop d -> r.dropReason() == null || r.dropReason().equals(d.reason().name())
                    ? d.reason().name() : null;
            case NetEvent.StateChange s -> null;
        };
    }
}
