package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.fault.AffectedFlows;
import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.traffic.EchoServices;
import io.ebpf4j.heal.experiment.traffic.Flow;
import io.ebpf4j.heal.experiment.traffic.TrafficGenerator;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.loop.DetectionListener;
import io.ebpf4j.heal.loop.DetectorMode;
import io.ebpf4j.heal.loop.HealLoop;
import io.ebpf4j.heal.loop.HealLoopBuilder;
import io.ebpf4j.heal.loop.Neighbour;
import io.ebpf4j.heal.loop.NodeHooks;
import io.ebpf4j.heal.loop.SharedView;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ebpf4j.netns.NetNs;
import java.io.Writer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the experiment runs, built in order and closed in reverse: the mesh, an echo service
 * per node (UDP also bound to the VIPs it serves), each node's hooks (mesh filter on every interface,
 * prober to every neighbour), network events for resets, the heal loop, the fault injector and the
 * traffic generator. Tests drive it directly; {@link SelfHealExperiment} adds the schedule and the
 * score. {@link #close()} removes all of it, also after a partial build.
 */
public final class HealRig implements AutoCloseable {
    /** The probe port of every node's mesh filter. */
    public static final int PROBE_PORT = 7946;

    /** How the rig is built. */
    public record Settings(int nodes, Duration probeInterval, Duration period, GuardSettings guards, Writer journal,
            DetectionListener detections, Consumer<TelemetryGraph> graphs, PrometheusRegistry registry,
            GraphDetector graphDetector, DetectorMode detectorMode, SharedView view) {
        /**
         * 5 nodes, probes every 10 ms, a 50 ms loop, default guards, no journal, detections and graphs ignored,
         * the rules alone.
         */
        public static Settings defaults() {
            return new Settings(5, Duration.ofMillis(10), Duration.ofMillis(50), GuardSettings.DEFAULTS,
                    Writer.nullWriter(), (s, t, c) -> { }, g -> { }, new PrometheusRegistry(), null, DetectorMode.RULES, null);
        }

        /** The loop's graph detector and how it combines with the rules (see {@link HealLoopBuilder#graphDetector}). */
        public Settings withDetector(GraphDetector d, DetectorMode mode) {
            return new Settings(nodes, probeInterval, period, guards, journal, detections, graphs, registry, d, mode, view);
        }

        /** Where the loop's {@code ebpf4j_heal_*} metrics are registered (serve it with the hooks' MetricsServer). */
        public Settings withRegistry(PrometheusRegistry r) {
            return new Settings(nodes, probeInterval, period, guards, journal,
                    detections, graphs, r, graphDetector, detectorMode, view);
        }

        public Settings withGraphs(Consumer<TelemetryGraph> sink) {
            return new Settings(nodes, probeInterval, period, guards, journal,
                    detections, sink, registry, graphDetector, detectorMode, view);
        }

        public Settings withNodes(int n) {
            return new Settings(n, probeInterval, period, guards, journal,
                    detections, graphs, registry, graphDetector, detectorMode, view);
        }

        public Settings withGuards(GuardSettings g) {
            return new Settings(nodes, probeInterval, period, g, journal,
                    detections, graphs, registry, graphDetector, detectorMode, view);
        }

        public Settings withJournal(Writer w) {
            return new Settings(nodes, probeInterval, period, guards, w,
                    detections, graphs, registry, graphDetector, detectorMode, view);
        }

        public Settings withDetections(DetectionListener l) {
            return new Settings(nodes, probeInterval, period, guards, journal,
                    l, graphs, registry, graphDetector, detectorMode, view);
        }

        /** The view the loop shares its records through (default: a new in-process MeshView). */
        public Settings withView(SharedView v) {
            return new Settings(nodes, probeInterval, period, guards, journal,
                    detections, graphs, registry, graphDetector, detectorMode, v);
        }

        public Settings withTiming(Duration probes, Duration loopPeriod) {
            return new Settings(nodes, probes, loopPeriod, guards, journal,
                    detections, graphs, registry, graphDetector, detectorMode, view);
        }
    }

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private HealMesh mesh;
    private EchoServices services;
    private HealLoop loop;
    private FaultInjector injector;
    private TrafficGenerator traffic;

    private HealRig() {}

    /** Builds and starts everything (traffic included); on failure removes what was built and rethrows. */
    public static HealRig start(Settings s) {
        HealRig r = new HealRig();
        try {
            r.build(s);
            return r;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    private void build(Settings s) {
        mesh = own(HealMesh.create(s.nodes()));
        List<String> namespaces = namespaces(mesh);
        services = own(echoServices(mesh));
        List<NodeHooks> hooks = new ArrayList<>();
        for (int i = 0; i < mesh.size(); i++) {
            hooks.add(own(nodeHooks(mesh, i, s.probeInterval())));
        }
        // the tracepoints see every namespace on the host: keep only this mesh's resets (other meshes
        // use the same addresses)
        Set<Long> meshNetns = new HashSet<>();
        for (String ns : namespaces) {
            meshNetns.add(NetNs.inode(ns));
        }
        NetEvents netEvents = own(NetEvents.builder().events(Set.of(NetEventKind.RESET_RECEIVED)).netns(meshNetns)
                .build());
        SyscallLatency syscalls = own(SyscallLatency.builder()
                .syscalls(EnumSet.of(Syscall.CONNECT, Syscall.SENDTO, Syscall.RECVFROM))
                .tgid(ProcessHandle.current().pid()).build());
        HealLoopBuilder builder = new HealLoopBuilder(new HealMeshTopology(mesh), hooks::get, mesh::netns)
                .netEvents(netEvents).syscallLatency(syscalls)
                .period(s.period()).guards(s.guards()).journal(s.journal()).onDetection(s.detections()).graphs(s.graphs())
                .registry(s.registry()).graphDetector(s.graphDetector(), s.detectorMode());
        if (s.view() != null) {
            builder.view(s.view());
        }
        loop = own(builder.start());
        injector = own(new FaultInjector(mesh, services));
        traffic = own(new TrafficGenerator(namespaces, flows(mesh)));
        traffic.start();
    }

    /** The mesh's namespaces, by node. */
    public static List<String> namespaces(HealMesh mesh) {
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < mesh.size(); i++) {
            namespaces.add(mesh.netns(i));
        }
        return namespaces;
    }

    /** An echo service per node, UDP also bound to the VIPs it serves (its own and the one it is the replica of). */
    public static EchoServices echoServices(HealMesh mesh) {
        List<List<InetAddress>> vips = new ArrayList<>();
        for (int i = 0; i < mesh.size(); i++) {
            List<InetAddress> local = new ArrayList<>();
            for (int j = 0; j < mesh.size(); j++) {
                if (j == i || mesh.replica(j) == i) {
                    local.add(mesh.vip(j));
                }
            }
            vips.add(local);
        }
        return new EchoServices(namespaces(mesh), EchoServices.UDP_PORT, EchoServices.TCP_PORT, vips);
    }

    private <T extends AutoCloseable> T own(T t) {
        owned.push(t);
        return t;
    }

    /**
     * Node {@code i}'s hooks as the rig runs them, in its namespace: the mesh filter on every interface
     * (every other node registered as a peer with its addresses; probes answered on {@link #PROBE_PORT})
     * and the prober towards every neighbour's direct-link address every {@code probeInterval}.
     */
    public static NodeHooks nodeHooks(HealMesh mesh, int i, Duration probeInterval) {
        Map<SpiffeId, List<String>> peers = new LinkedHashMap<>();
        List<Neighbour> neighbours = new ArrayList<>();
        for (int j = 0; j < mesh.size(); j++) {
            if (j != i) {
                peers.put(mesh.spiffeId(j), mesh.prefixes(j));
            }
        }
        for (int j : mesh.neighbours(i)) {
            neighbours.add(new Neighbour(j, mesh.spiffeId(j), InetAddress.ofLiteral(mesh.linkAddress(j, i))));
        }
        List<String> ifnames = mesh.neighbours(i).stream().map(j -> mesh.ifname(i, j)).toList();
        return NodeHooks.start(mesh.netns(i), ifnames, peers, neighbours, PROBE_PORT, probeInterval);
    }

    /** Node i asks for V_j wherever V_j is not local: label "i->Vj", as {@link AffectedFlows} names them. */
    public static List<Flow> flows(HealMesh mesh) {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < mesh.size(); i++) {
            for (int j = 0; j < mesh.size(); j++) {
                if (i != j && mesh.replica(j) != i) {
                    flows.add(new Flow(new AffectedFlows.Flow(i, j).toString(), i, mesh.vip(j)));
                }
            }
        }
        return flows;
    }

    public HealMesh mesh() {
        return mesh;
    }

    public EchoServices services() {
        return services;
    }

    public HealLoop loop() {
        return loop;
    }

    public FaultInjector injector() {
        return injector;
    }

    public TrafficGenerator traffic() {
        return traffic;
    }

    /** Stops the traffic, the loop (undoing its actions), the faults, hooks and services; deletes the mesh. Idempotent. */
    @Override
    public synchronized void close() {
        Closer.closeAll(owned, "the heal rig");
    }
}
