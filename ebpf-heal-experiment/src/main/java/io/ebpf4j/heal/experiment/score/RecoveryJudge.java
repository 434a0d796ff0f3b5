package io.ebpf4j.heal.experiment.score;

import io.ebpf4j.heal.experiment.traffic.FlowSeries;
import io.ebpf4j.heal.experiment.traffic.Proto;
import io.ebpf4j.heal.experiment.traffic.TrafficLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Judges recovery from the application traffic alone. After a fault is injected at {@code t0}, the
 * service counts as restored at the start {@code t} of the first window {@code [t, t + window)}
 * (tried every {@code step} from {@code t0}, and ending no later than the fault's clearing) in which,
 * for every affected flow and for both UDP and TCP,
 * <ul>
 *   <li>at least {@code minVolume x window / interval} requests were sent and resolved (a flow that
 *       sends nothing is not restored), and</li>
 *   <li>at least {@code successRatio} of them succeeded.</li>
 * </ul>
 * Requests still pending are left out. A fault whose traffic never failed is restored at {@code t0}
 * (MTTR 0) and marked not impaired.
 */
public final class RecoveryJudge {
    /**
     * Judging parameters.
     *
     * @param window       the sliding window W
     * @param successRatio the share of requests that must succeed in a window (e.g. 0.98)
     * @param minVolume    the share of the nominal request count (window / interval) a window must hold
     * @param udpInterval  the generator's UDP interval
     * @param tcpInterval  the generator's TCP interval
     * @param step         how far apart candidate window starts are
     */
    public record Config(Duration window, double successRatio, double minVolume, Duration udpInterval,
            Duration tcpInterval, Duration step) {
        /** W = 500 ms, 98 % success, 80 % of the nominal volume, 10 ms UDP / 100 ms TCP, 10 ms steps. */
        public static final Config DEFAULTS = new Config(Duration.ofMillis(500), 0.98, 0.8, Duration.ofMillis(10),
                Duration.ofMillis(100), Duration.ofMillis(10));

        public Config {
            for (Duration d : List.of(window, udpInterval, tcpInterval, step)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("judge durations must be positive, not " + d);
                }
            }
            if (!(successRatio > 0 && successRatio <= 1) || !(minVolume >= 0 && minVolume <= 1)) {
                throw new IllegalArgumentException("successRatio must be in (0, 1] and minVolume in [0, 1], not "
                        + successRatio + " and " + minVolume);
            }
        }

        int minRequests(Duration interval) {
            return Math.max(1, (int) Math.ceil(minVolume * window.toNanos() / interval.toNanos()));
        }
    }

    private final Config cfg;

    /** A judge with {@link Config#DEFAULTS}. */
    public RecoveryJudge() {
        this(Config.DEFAULTS);
    }

    /** A judge with the given parameters. */
    public RecoveryJudge(Config cfg) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
    }

    /**
     * Judges one fault.
     *
     * @param log           the traffic log (must cover the fault)
     * @param injectedNanos when the fault was injected
     * @param clearedNanos  when it was cleared ({@link Long#MAX_VALUE}: never, judge to the end of the log)
     * @param affectedFlows labels of the flows the fault affects (at least one)
     */
    public Recovery judge(TrafficLog log, long injectedNanos, long clearedNanos, Collection<String> affectedFlows) {
        if (affectedFlows.isEmpty()) {
            throw new IllegalArgumentException("a fault must affect at least one flow to be judged");
        }
        if (clearedNanos < injectedNanos) {
            throw new IllegalArgumentException("fault cleared (" + clearedNanos + ") before it was injected (" + injectedNanos + ")");
        }
        List<SeriesWindows> windows = new ArrayList<>();
        List<Integer> minimum = new ArrayList<>();
        boolean impaired = false;
        long end = Long.MIN_VALUE;
        for (String flow : affectedFlows) {
            for (Proto p : Proto.values()) {
                SeriesWindows w = log.series(flow, p).map(SeriesWindows::new).orElseGet(SeriesWindows::empty);
                windows.add(w);
                minimum.add(cfg.minRequests(p == Proto.UDP ? cfg.udpInterval() : cfg.tcpInterval()));
                long upTo = clearedNanos == Long.MAX_VALUE ? Long.MAX_VALUE : clearedNanos + 1;
                impaired |= w.ok(injectedNanos, upTo) < w.sent(injectedNanos, upTo);
                end = Math.max(end, w.last() + 1);
            }
        }
        long limit = Math.min(clearedNanos, end);
        long width = cfg.window().toNanos();
        // A fault may take a while to bite (a queue has to fill): the traffic is judged restored only
        // by a window after the first failure it caused, never by the calm before it.
        long onset = Long.MAX_VALUE;
        for (SeriesWindows w : windows) {
            onset = Math.min(onset, w.firstFailure(injectedNanos));
        }
        long from = onset == Long.MAX_VALUE ? injectedNanos : Math.max(injectedNanos, onset);
        for (long t = from; t <= limit - width; t += cfg.step().toNanos()) {
            if (healthy(windows, minimum, t, t + width)) {
                return new Recovery(injectedNanos, clearedNanos, impaired, OptionalLong.of(t));
            }
        }
        return new Recovery(injectedNanos, clearedNanos, impaired, OptionalLong.empty());
    }

    private boolean healthy(List<SeriesWindows> windows, List<Integer> minimum, long from, long to) {
        for (int i = 0; i < windows.size(); i++) {
            int sent = windows.get(i).sent(from, to);
            if (sent < minimum.get(i) || windows.get(i).ok(from, to) < cfg.successRatio() * sent - 1e-9) {
                return false;
            }
        }
        return true;
    }
}
