package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.detect.Detectors;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.DecisionJournal;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import io.ebpf4j.heal.plan.DefaultRules;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.Guards;
import io.ebpf4j.heal.plan.Planner;
import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Writer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link HealLoop} over a {@link MeshTopology} whose nodes already run their
 * {@link NodeHooks}. Defaults: period 50 ms, the loss and RTT detectors of {@link Detectors} (the rules,
 * no graph detector), the default guards, the mesh's default rules, no journal file (a discarding writer),
 * a private registry.
 */
public final class HealLoopBuilder {
    private final MeshTopology mesh;
    private final IntFunction<NodeHooks> hooks;
    private final IntFunction<String> netns;
    private NetEvents netEvents;
    private Duration period = Duration.ofMillis(50);
    private Supplier<AnomalyDetector> loss = Detectors::forLoss;
    private Supplier<AnomalyDetector> rtt = Detectors::forRtt;
    private GuardSettings guards = GuardSettings.DEFAULTS;
    private boolean denySick;
    private Writer journal = Writer.nullWriter();
    private PrometheusRegistry registry = new PrometheusRegistry();
    private DetectionListener detections = (s, t, c) -> { };
    private Consumer<String> alerts = s -> LoggerFactory.getLogger(HealLoop.class).warn("{}", s);
    private FaultLocaliser localiser = new FaultLocaliser();
    private int servicePort = 7002;
    private Consumer<TelemetryGraph> graphs = g -> { };
    private SyscallLatency syscalls;
    private SharedView view;
    private GraphDetector graphDetector;
    private DetectorMode detectorMode = DetectorMode.RULES;
    private Duration detectorDeadline = Duration.ofMillis(20);

    /**
     * @param mesh  the topology
     * @param hooks each node's running hooks
     * @param netns each node's network namespace name (null entries: the current namespace)
     */
    public HealLoopBuilder(MeshTopology mesh, IntFunction<NodeHooks> hooks, IntFunction<String> netns) {
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.netns = Objects.requireNonNull(netns, "netns");
    }

    /**
     * Network events (resets) to watch through an alert rule; without, service faults are not seen.
     * Build it with {@code NetEvents.Builder.netns} set to the mesh's namespaces: the tracepoints see
     * every namespace on the host, and other meshes may use the same addresses.
     */
    public HealLoopBuilder netEvents(NetEvents ne) {
        this.netEvents = ne;
        return this;
    }

    public HealLoopBuilder period(Duration p) {
        if (p == null || p.isNegative() || p.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + p);
        }
        this.period = p;
        return this;
    }

    public HealLoopBuilder lossDetectors(Supplier<AnomalyDetector> s) {
        this.loss = Objects.requireNonNull(s, "loss detectors");
        return this;
    }

    public HealLoopBuilder rttDetectors(Supplier<AnomalyDetector> s) {
        this.rtt = Objects.requireNonNull(s, "rtt detectors");
        return this;
    }

    public HealLoopBuilder guards(GuardSettings g) {
        this.guards = Objects.requireNonNull(g, "guards");
        return this;
    }

    /** Whether a sick node is also denied in its replica's XDP filter (default false). */
    public HealLoopBuilder denySick(boolean on) {
        this.denySick = on;
        return this;
    }

    /** Where the decision journal goes (JSON lines). */
    public HealLoopBuilder journal(Writer w) {
        this.journal = Objects.requireNonNull(w, "journal");
        return this;
    }

    public HealLoopBuilder registry(PrometheusRegistry r) {
        this.registry = Objects.requireNonNull(r, "registry");
        return this;
    }

    public HealLoopBuilder onDetection(DetectionListener l) {
        this.detections = Objects.requireNonNull(l, "listener");
        return this;
    }

    public HealLoopBuilder alerts(Consumer<String> sink) {
        this.alerts = Objects.requireNonNull(sink, "alerts");
        return this;
    }

    public HealLoopBuilder localiser(FaultLocaliser l) {
        this.localiser = Objects.requireNonNull(l, "localiser");
        return this;
    }

    /**
     * Syscall latency histograms to watch for distribution shifts (once a second); a shift is logged
     * and counted ({@code ebpf4j_heal_detections_total{kind="syscall_shift"}}), not acted on.
     */
    public HealLoopBuilder syscallLatency(SyscallLatency hook) {
        this.syscalls = hook;
        return this;
    }

    /** Called with every period's telemetry graph (on the loop's thread: keep it quick), e.g. to export it. */
    public HealLoopBuilder graphs(Consumer<TelemetryGraph> sink) {
        this.graphs = Objects.requireNonNull(sink, "graphs");
        return this;
    }

    /** The TCP port of the services the loop checks while it routes around them (default 7002). */
    public HealLoopBuilder servicePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.servicePort = port;
        return this;
    }

    /**
     * The view the loop publishes its nodes' records into and localises faults on (default: a new
     * {@link MeshView}, shared by this loop's nodes only). The loop publishes the records of every node
     * of its mesh, so a view that takes only its own node's records (the agent's gossip view) needs a
     * loop over that node alone.
     */
    public HealLoopBuilder view(SharedView v) {
        this.view = Objects.requireNonNull(v, "view");
        return this;
    }

    /**
     * A graph detector beside (or instead of) the rules: with {@link DetectorMode#LEARNED} its flags replace
     * the rules', with {@link DetectorMode#COMBINED} an item is anomalous when either flags it. Its verdicts
     * then go through the same localisation, hysteresis, planners, guards and journal (whose
     * {@code decided_by} names the detector). It runs on its own thread with a deadline per period
     * ({@link #graphDetectorDeadline}); when it throws, overruns or is still busy, the rules decide that
     * period alone and the journal says so. {@link DetectorMode#RULES} (the default) takes no detector.
     */
    public HealLoopBuilder graphDetector(GraphDetector detector, DetectorMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode != DetectorMode.RULES && detector == null) {
            throw new IllegalArgumentException("detector mode " + mode.label() + " needs a graph detector");
        }
        this.graphDetector = mode == DetectorMode.RULES ? null : detector;
        this.detectorMode = mode;
        return this;
    }

    /** How long a period waits for the graph detector before the rules decide alone (default 20 ms). */
    public HealLoopBuilder graphDetectorDeadline(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("graph detector deadline must be positive: " + d);
        }
        this.detectorDeadline = d;
        return this;
    }

    /** Builds and starts the loop. */
    public HealLoop start() {
        int n = mesh.size();
        SharedView view = this.view != null ? this.view : new MeshView();
        LiveOracle oracle = new LiveOracle(new TelemetryGraph(System.nanoTime(), List.of(), List.of()));
        KnowledgeStore store = KnowledgeStore.withDefaults();
        DecisionJournal dj = new DecisionJournal(journal);
        HealMetrics metrics = HealMetrics.register(registry);
        HealLoop[] self = new HealLoop[1];
        ServiceSignals signals = new ServiceSignals(this::ownerOf, () -> {
            if (self[0] != null) {
                self[0].wake();
            }
        });
        MeshActions actions = new MeshActions(mesh, i -> hooks.apply(i).filter(), alerts);
        List<NodeLoop> loops = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                NodeHooks h = hooks.apply(i);
                List<Neighbour> nbs = new ArrayList<>();
                for (int p : mesh.neighbours(i)) {
                    nbs.add(new Neighbour(p, mesh.spiffeId(p), InetAddress.ofLiteral(mesh.linkAddress(p, i))));
                }
                EdgeMonitor monitor = new EdgeMonitor(i, h.filter(), h.prober(), nbs);
                EdgeAnalyzer analyzer = new EdgeAnalyzer(loss, rtt);
                DefaultRules rules = new DefaultRules(i, actions, oracle, mesh::replica, denySick, false);
                Planner planner = new Planner(i, rules, Guards.defaults(guards, () -> oracle));
                ServiceChecker checker = new ServiceChecker(netns.apply(i), signals, Duration.ofMillis(100));
                loops.add(new NodeLoop(i, monitor, analyzer, planner, checker, mesh, servicePort, store, dj, metrics, oracle));
            }
            if (netEvents != null) {
                AlertEngine engine = AlertEngine.builder().netEvents(netEvents)
                        .rule(new AlertRule.EventCount(ServiceSignals.RULE_ID, Severity.CRITICAL,
                                Set.of(NetEventKind.RESET_RECEIVED), null, 1, Duration.ofMillis(300)))
                        .listener(signals).build();
                owned.add(engine);
            }
        } catch (RuntimeException | Error e) {
            loops.forEach(NodeLoop::close);
            owned.forEach(HealLoopBuilder::closeQuietly);
            throw e;
        }
        SyscallShiftMonitor shifts = syscalls == null ? null : new SyscallShiftMonitor(syscalls,
                (int) Math.max(1, 1_000_000_000L / period.toNanos()), s -> {
                    LoggerFactory.getLogger(HealLoop.class).warn("syscall {} latency distribution {} (divergence {}, threshold {})",
                            s.syscall(), s.shifted() ? "shifted" : "back to normal", s.verdict().score(),
                            s.verdict().threshold());
                    if (s.shifted()) {
                        metrics.syscallShift(s.syscall().name().toLowerCase());
                    }
                });
        GraphStage stage = graphDetector == null ? null
                : new GraphStage(graphDetector, detectorMode, detectorDeadline.toNanos(), dj, metrics);
        if (stage != null) {
            owned.add(stage);
        }
        HealLoop loop = new HealLoop(loops, view, signals, localiser, oracle, store, dj, metrics, detections, graphs,
                shifts, stage, n, period.toNanos(), owned.toArray(AutoCloseable[]::new));
        self[0] = loop;
        loop.start();
        return loop;
    }

    private Optional<Integer> ownerOf(InetAddress address) {
        String host = address.getHostAddress();
        for (int j = 0; j < mesh.size(); j++) {
            String prefix = mesh.servicePrefix(j);
            if (prefix.equals(host + "/32") || prefix.equals(host)) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort while failing
        }
    }
}
