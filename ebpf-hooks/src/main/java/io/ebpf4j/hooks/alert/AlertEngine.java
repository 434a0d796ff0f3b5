package io.ebpf4j.hooks.alert;

import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.netevents.NetEventListener;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.LatencyHistogram;
import io.ebpf4j.hooks.syscall.SlowCallListener;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.ebpf4j.features.KernelClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns hook data into {@link Alert}s for a MAPE-K loop. Event rules run on the hooks' reader
 * threads as each event arrives (no queue hop); window rules run every {@link Builder#period} on one
 * platform daemon thread that reads {@link MeshFilter#stats()} and {@link SyscallLatency#histograms()}
 * and differences them against earlier snapshots. The engine does not own the hooks: closing it
 * removes its listeners and stops its thread, the hooks stay open. Building enables on the
 * {@link NetEvents} the event kinds the rules read ({@link NetEvents#enableEvents}).
 *
 * <pre>{@code
 * try (AlertEngine engine = AlertEngine.builder().netEvents(ne).meshFilter(mesh)
 *         .rule(new AlertRule.ProbeLoss("loss", Severity.CRITICAL, 0.2, Duration.ofMillis(500), 20))
 *         .rule(AlertRule.resets("resets", Severity.WARNING, 0, Duration.ofSeconds(1)))
 *         .listener(monitor::accept).build()) { ... }
 * }</pre>
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final Dispatcher dispatcher = new Dispatcher();
    private final List<AlertRule> rules;
    private final EventRules eventRules;
    private final WindowRules windowRules;
    private final NetEvents netEvents;
    private final SyscallLatency syscalls;
    private final MeshFilter mesh;
    private final LongSupplier kernelClock;
    private final NetEventListener netListener;
    private final SlowCallListener slowListener;
    private final ScheduledExecutorService timer;
    private boolean closed;

    private AlertEngine(Builder b) {
        rules = List.copyOf(b.rules);
        netEvents = b.netEvents;
        syscalls = b.syscalls;
        mesh = b.mesh;
        kernelClock = b.kernelClock;
        b.listeners.forEach(dispatcher::add);
        eventRules = new EventRules(rules, dispatcher);
        windowRules = new WindowRules(rules, dispatcher);
        netListener = eventRules::onNetEvent;
        slowListener = eventRules::onSlowCall;
        if (netEvents != null && eventRules.wantsNetEvents()) {
            netEvents.addListener(netListener);
            netEvents.enableEvents(eventRules.netEventKinds());
        }
        if (syscalls != null && eventRules.wantsSlowCalls()) {
            syscalls.addListener(slowListener);
        }
        evaluate(); // the baselines: window deltas count what happens from now on
        if (b.period != null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = Thread.ofPlatform().daemon().name("ebpf4j-alerts").unstarted(r);
                return t;
            });
            long p = b.period.toNanos();
            timer.scheduleAtFixedRate(this::evaluateSafely, p, p, TimeUnit.NANOSECONDS);
        } else {
            timer = null;
        }
    }

    /** A builder; add the hooks the rules read and the rules. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules, in the order given. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** Adds a listener (the MAPE-K Monitor stage). */
    public void addListener(AlertListener listener) {
        dispatcher.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(AlertListener listener) {
        dispatcher.remove(listener);
    }

    /**
     * Evaluates the window rules now, on the calling thread (the engine's timer does this every
     * period): reads the snapshots, stamps them with CLOCK_MONOTONIC, resolves cleared event counts.
     */
    public void evaluate() {
        long t = kernelClock.getAsLong();
        if (mesh != null && windowRules.wantsMesh()) {
            windowRules.onMesh(t, mesh.stats().peers());
        }
        Set<Syscall> wanted = windowRules.syscalls();
        if (syscalls != null && !wanted.isEmpty()) {
            Map<Syscall, LatencyHistogram> h = new EnumMap<>(Syscall.class);
            for (Syscall s : wanted) {
                h.put(s, syscalls.histogram(s));
            }
            windowRules.onHistograms(t, h);
        }
        eventRules.resolve(t);
    }

    // package-private: synthetic inputs for tests without a kernel
    EventRules eventRules() {
        return eventRules;
    }

    WindowRules windowRules() {
        return windowRules;
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("alert evaluation failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (netEvents != null) {
            netEvents.removeListener(netListener);
        }
        if (syscalls != null) {
            syscalls.removeListener(slowListener);
        }
    }

    /** Builds an {@link AlertEngine}. */
    public static final class Builder {
        private final List<AlertRule> rules = new ArrayList<>();
        private final List<AlertListener> listeners = new ArrayList<>();
        private NetEvents netEvents;
        private SyscallLatency syscalls;
        private MeshFilter mesh;
        private Duration period = Duration.ofMillis(100);
        private LongSupplier kernelClock = KernelClock::nanos;

        private Builder() {}

        /** The network event source for {@link AlertRule.EventCount} and {@link AlertRule.EachDrop}. */
        public Builder netEvents(NetEvents ne) {
            netEvents = Objects.requireNonNull(ne, "netEvents");
            return this;
        }

        /** The syscall source for {@link AlertRule.SyscallP99} and {@link AlertRule.EachSlowCall}. */
        public Builder syscallLatency(SyscallLatency sl) {
            syscalls = Objects.requireNonNull(sl, "syscallLatency");
            return this;
        }

        /** The mesh filter for {@link AlertRule.ProbeLoss} and {@link AlertRule.Rtt}. */
        public Builder meshFilter(MeshFilter filter) {
            mesh = Objects.requireNonNull(filter, "meshFilter");
            return this;
        }

        /** Adds a rule; ids must be unique. */
        public Builder rule(AlertRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Adds rules. */
        public Builder rules(List<? extends AlertRule> more) {
            more.forEach(this::rule);
            return this;
        }

        /** Adds a listener. */
        public Builder listener(AlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The period of window-rule evaluation (default 100 ms); {@code null}: no timer, the caller
         * calls {@link AlertEngine#evaluate()}.
         */
        public Builder period(Duration p) {
            if (p != null && (p.isNegative() || p.isZero())) {
                throw new IllegalArgumentException("period must be positive: " + p);
            }
            period = p;
            return this;
        }

        Builder kernelClock(LongSupplier clock) {
            kernelClock = clock;
            return this;
        }

        /** Checks the rules against the sources and starts the engine. */
        public AlertEngine build() {
            Set<String> ids = new HashSet<>();
            for (AlertRule r : rules) {
                if (!ids.add(r.id())) {
                    throw new IllegalArgumentException("duplicate rule id: " + r.id());
                }
                boolean missing = switch (r) {
                    case AlertRule.EventCount c -> netEvents == null;
                    case AlertRule.EachDrop d -> netEvents == null;
                    case AlertRule.EachSlowCall s -> syscalls == null;
                    case AlertRule.SyscallP99 s -> syscalls == null;
                    case AlertRule.ProbeLoss l -> mesh == null;
                    case AlertRule.Rtt t -> mesh == null;
                };
                if (missing && !allowMissingSources) {
                    throw new IllegalArgumentException("rule " + r.id() + " needs a source the builder was not given: " + r);
                }
            }
            return new AlertEngine(this);
        }

        private boolean allowMissingSources;

        /** Tests feed synthetic inputs: rules without sources are allowed. */
        Builder allowMissingSources() {
            allowMissingSources = true;
            return this;
        }
    }
}
