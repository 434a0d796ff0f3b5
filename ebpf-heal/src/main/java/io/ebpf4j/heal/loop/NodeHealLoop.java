package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.detect.AnomalyDetector;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.RemedyKind;
import io.ebpf4j.heal.plan.SubjectState;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One node's MAPE-K loop, on its own thread: it monitors and analyses the node's links from the node's
 * own hooks (the mesh filter's probe statistics and counters, the prober), publishes its analysed edges
 * and node features into a {@link SharedView} and localises faults on the view's snapshot (the other
 * nodes' records, and their agents' membership), then plans and executes the actions of this node
 * only: routes in its {@link HealTable}, its filter's policies. With a {@link MeshView} shared in one
 * process the nodes see each other at once; with the agent's gossip view each node runs in its own
 * process. {@link HealLoopBuilder} builds the loops of every node of a mesh in one process from the
 * same {@link HealNode} descriptions, on one thread.
 *
 * <pre>{@code
 * NodeHealLoop loop = NodeHealLoop.builder(node, filter, prober)
 *         .view(gossipView).remedies(DefaultRules.REROUTES).guards(GuardSettings.DEFAULTS)
 *         .journal(writer).registry(registry).onClose(NodeHealLoop.OnClose.KEEP).start();
 * }</pre>
 *
 * <p>Detours are free of routing loops whatever the views (stale, partitioned): see {@link HealTable}.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class NodeHealLoop implements AutoCloseable {
    /** What happens to the actions in place when the loop closes. */
    public enum OnClose {
        /** Undo them (the main table's routes and the filter's policies as before): tests, the experiment. */
        UNDO,
        /**
         * Keep them, like the pinned datapath: the next loop of this node adopts the routes it finds in the
         * heal table and removes them once it has judged their node healthy (an agent stopped or restarted).
         */
        KEEP
    }

    private final HealNode node;
    private final HealTable table;
    private final HealLoop loop;

    private NodeHealLoop(HealNode node, HealTable table, HealLoop loop) {
        this.node = node;
        this.table = table;
        this.loop = loop;
    }

    /**
     * A builder of {@code node}'s loop, reading {@code filter}'s probe statistics and counters and
     * {@code prober}'s send counts (both already running in the node's namespace, probing every
     * neighbour of {@code node}). Defaults: period 50 ms, the loss and RTT detectors of
     * {@link io.ebpf4j.heal.detect.Detectors}, the reroutes only, the default guards, the heal table
     * {@link HealTable#DEFAULT_TABLE}, no journal, a private registry, a {@link MeshView} of its own
     * (the node alone), actions undone on close.
     */
    public static Builder builder(HealNode node, MeshFilter filter, Prober prober) {
        return new Builder(node, filter, prober);
    }

    /** The node this loop heals. */
    public HealNode node() {
        return node;
    }

    /** The heal table its routes go to. */
    public HealTable table() {
        return table;
    }

    /** Periods run so far. */
    public long ticks() {
        return loop.ticks();
    }

    /** The knowledge store (graphs, diagnoses, decisions, outcomes). */
    public KnowledgeStore knowledge() {
        return loop.knowledge();
    }

    /** The state of every subject that is not healthy, in order of first appearance (a snapshot). */
    public Map<String, SubjectState> states() {
        return loop.states().getOrDefault(node.node(), Map.of());
    }

    /** Stops the loop; undoes or keeps its actions as built ({@link OnClose}); idempotent. */
    @Override
    public void close() {
        loop.close();
    }

    /** Builds and starts a {@link NodeHealLoop}. */
    public static final class Builder {
        private final HealNode node;
        private final MeshFilter filter;
        private final Prober prober;
        private final LoopSettings s = new LoopSettings();

        private Builder(HealNode node, MeshFilter filter, Prober prober) {
            this.node = Objects.requireNonNull(node, "node");
            this.filter = Objects.requireNonNull(filter, "filter");
            this.prober = Objects.requireNonNull(prober, "prober");
        }

        /** The view the loop publishes into and localises on (default: a {@link MeshView} of its own). */
        public Builder view(SharedView v) {
            s.view = Objects.requireNonNull(v, "view");
            return this;
        }

        /** The loop's period (default 50 ms). */
        public Builder period(Duration p) {
            s.period(p);
            return this;
        }

        /** One new loss detector per neighbour (default {@link io.ebpf4j.heal.detect.Detectors#forLoss()}). */
        public Builder lossDetectors(Supplier<AnomalyDetector> d) {
            s.loss = Objects.requireNonNull(d, "loss detectors");
            return this;
        }

        /** One new RTT detector per neighbour (default {@link io.ebpf4j.heal.detect.Detectors#forRtt()}). */
        public Builder rttDetectors(Supplier<AnomalyDetector> d) {
            s.rtt = Objects.requireNonNull(d, "rtt detectors");
            return this;
        }

        /** The guard chain's settings (default {@link GuardSettings#DEFAULTS}). */
        public Builder guards(GuardSettings g) {
            s.guards = Objects.requireNonNull(g, "guards");
            return this;
        }

        /** The remedies the node may take (default the reroutes, {@link io.ebpf4j.heal.plan.DefaultRules#REROUTES}). */
        public Builder remedies(Set<RemedyKind> r) {
            s.remedies(r);
            return this;
        }

        /**
         * The heal table's number and its rule's priority (default {@link HealTable#DEFAULT_TABLE} at
         * {@link HealTable#DEFAULT_PRIORITY}).
         */
        public Builder healTable(int table, int priority) {
            s.healTable(table, priority);
            return this;
        }

        /** Where the decision journal goes (JSON lines; closed with the loop). */
        public Builder journal(Writer w) {
            s.journal = Objects.requireNonNull(w, "journal");
            return this;
        }

        /** Where the loop's {@code ebpf4j_heal_*} metrics are registered (once per registry; see {@link #metrics}). */
        public Builder registry(PrometheusRegistry r) {
            s.registry = Objects.requireNonNull(r, "registry");
            return this;
        }

        /** Metrics registered before (a loop restarted in the same process keeps counting in them). */
        public Builder metrics(HealMetrics m) {
            s.metrics = Objects.requireNonNull(m, "metrics");
            return this;
        }

        /** Told when a fault episode starts. */
        public Builder onDetection(DetectionListener l) {
            s.detections = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Where alert actions go (default: the log). */
        public Builder alerts(Consumer<String> sink) {
            s.alerts = Objects.requireNonNull(sink, "alerts");
            return this;
        }

        /** The fault localiser (default {@link FaultLocaliser#FaultLocaliser()}). */
        public Builder localiser(FaultLocaliser l) {
            s.localiser = Objects.requireNonNull(l, "localiser");
            return this;
        }

        /** Called with every period's telemetry graph, on the loop's thread. */
        public Builder graphs(Consumer<TelemetryGraph> sink) {
            s.graphs = Objects.requireNonNull(sink, "graphs");
            return this;
        }

        /** Network events whose resets make the services' failures seen (without, service faults are not). */
        public Builder netEvents(NetEvents ne) {
            s.netEvents = ne;
            return this;
        }

        /** Syscall latency histograms watched for distribution shifts (logged and counted, not acted on). */
        public Builder syscallLatency(SyscallLatency hook) {
            s.syscalls = hook;
            return this;
        }

        /**
         * A graph detector beside (or instead of) the rules, as {@link HealLoopBuilder#graphDetector}
         * describes: {@link DetectorMode#RULES} (the default) takes none.
         */
        public Builder graphDetector(io.ebpf4j.heal.graph.GraphDetector detector, DetectorMode mode) {
            s.graphDetector(detector, mode);
            return this;
        }

        /** How long a period waits for the graph detector before the rules decide alone (default 20 ms). */
        public Builder graphDetectorDeadline(Duration d) {
            s.graphDetectorDeadline(d);
            return this;
        }

        /** What happens to the actions in place on close (default {@link OnClose#UNDO}). */
        public Builder onClose(OnClose c) {
            s.onClose = Objects.requireNonNull(c, "onClose");
            return this;
        }

        /**
         * Installs the heal table's rule, adopts the routes an earlier run left there, and starts the loop.
         *
         * @throws IllegalStateException when the heal table's rule cannot be installed, or a neighbour is
         *                               not registered in the filter
         */
        public NodeHealLoop start() {
            HealTable table = s.tables.apply(node.netns());
            HealLoop loop = HealLoop.start(List.of(new HealLoop.Part(node, filter, prober)), s, node::ownerOf, node.node());
            return new NodeHealLoop(node, table, loop);
        }
    }
}
