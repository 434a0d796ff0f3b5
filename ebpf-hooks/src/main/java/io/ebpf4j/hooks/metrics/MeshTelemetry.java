package io.ebpf4j.hooks.metrics;

import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.netevents.NetEventsState;
import io.ebpf4j.hooks.procfs.NetDev;
import io.ebpf4j.hooks.procfs.SnmpCounters;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh hooks behind one Prometheus registry, starting whatever eBPF allows and never failing
 * because eBPF is missing: each requested hook is tried; a hook that cannot start (no privileges,
 * BPF disabled, kernel too old, or eBPF switched off by {@link Builder#ebpf(boolean)} or the system
 * property {@value #DISABLE_PROPERTY}{@code =off}) is reported in {@link #state()} and in
 * {@code ebpf4j_hook_info{degraded="true",reason=...}}. The kernel's own counters from /proc
 * ({@link ProcNetCollector}) are served unless {@link Builder#procNet(boolean)} says otherwise. Every
 * series can carry constant labels ({@link Builder#constLabel}), e.g. the node it comes from.
 *
 * <pre>{@code
 * try (MeshTelemetry t = MeshTelemetry.builder().build();
 *      MetricsServer s = MetricsServer.start(t.registry(), 9464)) {
 *     log.info("telemetry: {}", t.state());
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the hooks it started (not those passed in with {@link Builder#mesh(MeshFilter)}).
 */
public final class MeshTelemetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeshTelemetry.class);

    /** System property that switches eBPF off when set to {@code off} or {@code false}. */
    public static final String DISABLE_PROPERTY = "ebpf4j.ebpf";

    private final TelemetryState state;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<MultiCollector> collectors = new ArrayList<>();
    private final MergedCollector collector;
    private final Labels constLabels;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<PrometheusRegistry> registries = new ArrayList<>();
    private final MeshFilter mesh;
    private final SyscallLatency syscalls;
    private final NetEvents net;
    private boolean closed;

    private MeshTelemetry(Builder b) {
        constLabels = b.constLabels;
        List<HookStatus> hooks = new ArrayList<>();
        String blocked = blocker(b.ebpf);
        MeshFilter m = b.meshFilter;
        if (m != null) {
            hooks.add(new HookStatus("mesh_filter", true, "xdp", ""));
        } else if (b.meshBuilder != null) {
            m = start("mesh_filter", blocked, hooks, b.meshBuilder::build, f -> new HookStatus("mesh_filter", true, "xdp", ""));
        }
        mesh = m;
        syscalls = !b.syscallLatency ? null : start("syscall_latency", blocked, hooks, () -> SyscallLatency.builder().build(),
                s -> new HookStatus("syscall_latency", true, s.state().path().name().toLowerCase(Locale.ROOT), s.state().reason()));
        net = !b.netEvents ? null : start("net_events", blocked, hooks, () -> NetEvents.builder().build(),
                n -> new HookStatus("net_events", true, n.attachPath().name().toLowerCase(Locale.ROOT), skipped(n.state())));
        if (mesh != null) {
            collectors.add(new MeshCollector(mesh, constLabels));
        }
        if (syscalls != null) {
            collectors.add(new SyscallCollector(syscalls, constLabels));
        }
        if (net != null) {
            collectors.add(new NetEventsCollector(net, constLabels));
        }
        if (b.procNet) {
            collectors.add(new ProcNetCollector(constLabels, NetDev.PATH, SnmpCounters.SNMP, SnmpCounters.NETSTAT));
        }
        long running = hooks.stream().filter(HookStatus::running).count();
        TelemetryState.Mode mode = running == hooks.size() && !hooks.isEmpty() ? TelemetryState.Mode.EBPF
                : running == 0 ? TelemetryState.Mode.DEGRADED : TelemetryState.Mode.PARTIAL;
        String reason = blocked != null ? blocked : hooks.stream().filter(h -> !h.running())
                .map(h -> h.hook() + ": " + h.reason()).collect(Collectors.joining("; "));
        if (hooks.isEmpty() && reason.isEmpty()) {
            reason = "no eBPF hook requested";
        }
        state = new TelemetryState(mode, reason, hooks);
        collectors.add(new HookInfoCollector(() -> state, constLabels));
        collector = new MergedCollector(collectors);
        registerInto(registry);
        if (mode != TelemetryState.Mode.EBPF) {
            LOG.warn("telemetry runs {}: {}", mode, reason);
        }
    }

    /** A builder: syscall latency and network events, no mesh filter, eBPF unless switched off. */
    public static Builder builder() {
        return new Builder();
    }

    /** Why eBPF cannot be used at all, or null when hooks may be tried. */
    private static String blocker(boolean enabled) {
        String prop = System.getProperty(DISABLE_PROPERTY, "on").strip().toLowerCase(Locale.ROOT);
        if (!enabled || prop.equals("off") || prop.equals("false")) {
            return "eBPF disabled by configuration";
        }
        try {
            CapabilityReport r = KernelCapabilities.cached();
            List<String> missing = r.basicsMissing();
            return missing.isEmpty() ? null : String.join("; ", missing);
        } catch (RuntimeException | LinkageError e) {
            return "cannot probe the kernel: " + e;
        }
    }

    private <T extends AutoCloseable> T start(String hook, String blocked, List<HookStatus> out, Supplier<T> create,
            java.util.function.Function<T, HookStatus> status) {
        if (blocked != null) {
            out.add(HookStatus.degraded(hook, blocked));
            return null;
        }
        try {
            T t = create.get();
            owned.add(t);
            out.add(status.apply(t));
            return t;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("{} did not start", hook, e);
            out.add(HookStatus.degraded(hook, e.getMessage() == null ? e.toString() : e.getMessage()));
            return null;
        }
    }

    private static String skipped(NetEventsState s) {
        return s.skipped().stream().map(t -> t.tracepoint() + " skipped: " + t.reason()).collect(Collectors.joining("; "));
    }

    /** The mode, why, and each hook's status. */
    public TelemetryState state() {
        return state;
    }

    /**
     * Every family of this telemetry as one collector, each series with the constant labels of
     * {@link Builder#constLabel}. Several telemetries (one per node, say) are served together by
     * registering one {@link MergedCollector} of their collectors.
     */
    public MultiCollector collector() {
        return collector;
    }

    /** The constant labels every series of this telemetry carries (empty unless set). */
    public Labels constLabels() {
        return constLabels;
    }

    /** A registry holding every collector of this telemetry; serve it with {@link MetricsServer}. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Registers this telemetry's collectors into {@code other} as well (e.g. an application's
     * registry); {@link #close()} unregisters them.
     */
    public synchronized void registerInto(PrometheusRegistry other) {
        if (closed) {
            throw new IllegalStateException("telemetry closed");
        }
        other.register(collector);
        registries.add(other);
    }

    /** The mesh filter, if one runs. */
    public Optional<MeshFilter> mesh() {
        return Optional.ofNullable(mesh);
    }

    /** The syscall latency hook, if it runs. */
    public Optional<SyscallLatency> syscallLatency() {
        return Optional.ofNullable(syscalls);
    }

    /** The network events hook, if it runs. */
    public Optional<NetEvents> netEvents() {
        return Optional.ofNullable(net);
    }

    /** Unregisters the collectors from every registry, then closes the hooks this telemetry started; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PrometheusRegistry r : registries) {
            r.unregister(collector);
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
    }

    /** Chooses the hooks. */
    public static final class Builder {
        private boolean ebpf = true;
        private boolean syscallLatency = true;
        private boolean netEvents = true;
        private MeshFilter.Builder meshBuilder;
        private MeshFilter meshFilter;
        private boolean procNet = true;
        private Labels constLabels = Labels.EMPTY;

        private Builder() {}

        /**
         * Adds a label every series of this telemetry carries, e.g. {@code constLabel("node", "n1")}
         * to tell several nodes' telemetries apart in one registry (see {@link MergedCollector}).
         *
         * @throws IllegalArgumentException for an invalid Prometheus label name, a name given twice, or
         *         a name the hooks' own series use ({@code peer}, {@code verdict}, {@code reason},
         *         {@code kind}, {@code syscall}, {@code direction}, {@code interface}, {@code hook},
         *         {@code attach_path}, {@code degraded}, {@code le})
         */
        public Builder constLabel(String name, String value) {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(value, "value");
            if (constLabels.contains(name)) {
                throw new IllegalArgumentException("constant label '" + name + "' given twice");
            }
            this.constLabels = ConstLabels.check(constLabels.add(name, value));
            return this;
        }

        /**
         * Whether to serve the kernel's /proc counters ({@link ProcNetCollector}, default true). They
         * are those of the network namespace this process runs in: switch them off for telemetries of
         * filters in other namespaces (the demo's nodes) and serve them once instead.
         */
        public Builder procNet(boolean on) {
            this.procNet = on;
            return this;
        }

        /** {@code false} switches eBPF off: degraded mode, /proc counters only. */
        public Builder ebpf(boolean enabled) {
            this.ebpf = enabled;
            return this;
        }

        /** Whether to start {@link SyscallLatency} (default true). */
        public Builder syscallLatency(boolean on) {
            this.syscallLatency = on;
            return this;
        }

        /** Whether to start {@link NetEvents} (default true). */
        public Builder netEvents(boolean on) {
            this.netEvents = on;
            return this;
        }

        /** Starts a mesh filter from {@code builder} (closed with this telemetry). */
        public Builder mesh(MeshFilter.Builder builder) {
            this.meshBuilder = java.util.Objects.requireNonNull(builder, "builder");
            this.meshFilter = null;
            return this;
        }

        /** Serves the metrics of a mesh filter the caller owns (not closed with this telemetry). */
        public Builder mesh(MeshFilter filter) {
            this.meshFilter = java.util.Objects.requireNonNull(filter, "filter");
            this.meshBuilder = null;
            return this;
        }

        /** Starts the hooks that can start; never throws for missing eBPF. */
        public MeshTelemetry build() {
            return new MeshTelemetry(this);
        }
    }
}
