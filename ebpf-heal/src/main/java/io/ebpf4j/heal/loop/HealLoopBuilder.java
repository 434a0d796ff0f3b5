package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.RemedyKind;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Builds the {@link HealLoop} of every node of a {@link MeshTopology} in one process (the experiment):
 * each node is described by {@link HealNode#of} and built by the same code as an agent's
 * {@link NodeHealLoop}, from its running {@link NodeHooks}; the nodes share one thread, one
 * {@link MeshView} (or the {@link #view} given) and one fault localisation. Defaults: period 50 ms,
 * the loss and RTT detectors of {@link io.ebpf4j.heal.detect.Detectors}, the default guards, the
 * reroutes only, each node's heal table {@link io.ebpf4j.heal.act.HealTable#DEFAULT_TABLE}, no journal
 * file (a discarding writer), a private registry, actions undone on close.
 */
public final class HealLoopBuilder {
    private final MeshTopology mesh;
    private final IntFunction<NodeHooks> hooks;
    private final IntFunction<String> netns;
    private final LoopSettings s = new LoopSettings();
    private boolean denySick;
    private int servicePort = 7002;

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
        s.netEvents = ne;
        return this;
    }

    public HealLoopBuilder period(Duration p) {
        s.period(p);
        return this;
    }

    public HealLoopBuilder lossDetectors(Supplier<AnomalyDetector> d) {
        s.loss = Objects.requireNonNull(d, "loss detectors");
        return this;
    }

    public HealLoopBuilder rttDetectors(Supplier<AnomalyDetector> d) {
        s.rtt = Objects.requireNonNull(d, "rtt detectors");
        return this;
    }

    public HealLoopBuilder guards(GuardSettings g) {
        s.guards = Objects.requireNonNull(g, "guards");
        return this;
    }

    /** Whether a sick node is also denied in its replica's XDP filter (default false). */
    public HealLoopBuilder denySick(boolean on) {
        this.denySick = on;
        return this;
    }

    /** The remedies every node may take (default the reroutes; {@link #denySick} adds denying). */
    public HealLoopBuilder remedies(Set<RemedyKind> r) {
        s.remedies(r);
        return this;
    }

    /** The heal table's number and its rule's priority in every node's namespace (see {@link io.ebpf4j.heal.act.HealTable}). */
    public HealLoopBuilder healTable(int table, int priority) {
        s.healTable(table, priority);
        return this;
    }

    /** Where the decision journal goes (JSON lines). */
    public HealLoopBuilder journal(Writer w) {
        s.journal = Objects.requireNonNull(w, "journal");
        return this;
    }

    public HealLoopBuilder registry(PrometheusRegistry r) {
        s.registry = Objects.requireNonNull(r, "registry");
        return this;
    }

    public HealLoopBuilder onDetection(DetectionListener l) {
        s.detections = Objects.requireNonNull(l, "listener");
        return this;
    }

    public HealLoopBuilder alerts(Consumer<String> sink) {
        s.alerts = Objects.requireNonNull(sink, "alerts");
        return this;
    }

    public HealLoopBuilder localiser(FaultLocaliser l) {
        s.localiser = Objects.requireNonNull(l, "localiser");
        return this;
    }

    /**
     * Syscall latency histograms to watch for distribution shifts (once a second); a shift is logged
     * and counted ({@code ebpf4j_heal_detections_total{kind="syscall_shift"}}), not acted on.
     */
    public HealLoopBuilder syscallLatency(SyscallLatency hook) {
        s.syscalls = hook;
        return this;
    }

    /** Called with every period's telemetry graph (on the loop's thread: keep it quick), e.g. to export it. */
    public HealLoopBuilder graphs(Consumer<TelemetryGraph> sink) {
        s.graphs = Objects.requireNonNull(sink, "graphs");
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
     * {@link MeshView}, shared by this loop's nodes only).
     */
    public HealLoopBuilder view(SharedView v) {
        s.view = Objects.requireNonNull(v, "view");
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
        s.graphDetector(detector, mode);
        return this;
    }

    /** How long a period waits for the graph detector before the rules decide alone (default 20 ms). */
    public HealLoopBuilder graphDetectorDeadline(Duration d) {
        s.graphDetectorDeadline(d);
        return this;
    }

    /** Builds and starts the loop. */
    public HealLoop start() {
        if (denySick) {
            Set<RemedyKind> r = s.remedies.isEmpty() ? EnumSet.noneOf(RemedyKind.class) : EnumSet.copyOf(s.remedies);
            r.add(RemedyKind.DENY_PEER);
            s.remedies(r);
        }
        List<HealLoop.Part> parts = new ArrayList<>();
        for (int i = 0; i < mesh.size(); i++) {
            NodeHooks h = hooks.apply(i);
            parts.add(new HealLoop.Part(HealNode.of(mesh, i, netns.apply(i), servicePort), h.filter(), h.prober()));
        }
        HealNode any = parts.getFirst().node(); // every node reaches every service
        return HealLoop.start(parts, s, any::ownerOf, -1);
    }
}
