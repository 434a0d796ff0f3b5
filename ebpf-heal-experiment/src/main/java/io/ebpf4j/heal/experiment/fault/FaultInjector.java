package io.ebpf4j.heal.experiment.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.heal.experiment.AgentControl;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.ServiceControl;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.link.TcDirection;
import io.ebpf4j.testkit.Commands;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link Fault}s into a {@link HealMesh} and takes them out again; its records are the
 * experiment's ground truth.
 *
 * <ul>
 *   <li>{@link Fault.LinkLoss}: a {@code fault_inject} tc program ({@link FaultInjectProgram}) on the
 *       egress of both ends, dropping the share of every frame.</li>
 *   <li>{@link Fault.LinkDown}: {@code ip link set down} on both ends (which also removes the routes
 *       through them); clearing sets both up, waits until the veth is operational and re-adds the
 *       mesh's static routes that are missing entirely ({@link HealMesh#reinstallDefaultRoutesMissing()}).</li>
 *   <li>{@link Fault.Blackhole}: {@code fault_inject} dropping everything on the node's egress on all
 *       its links and on every neighbour's egress towards it (XDP_TX probe replies skip tc egress, so
 *       the senders' side must drop too).</li>
 *   <li>{@link Fault.BandwidthCollapse}: a {@code tbf} root qdisc on both ends (the rate, a burst of
 *       1/100 s but at least two full frames, 50 ms latency).</li>
 *   <li>{@link Fault.ServiceKill}: {@link ServiceControl#kill} / {@link ServiceControl#restart}.</li>
 *   <li>{@link Fault.AgentKill}: {@link AgentControl#kill} (SIGKILL) / {@link AgentControl#restart}.</li>
 *   <li>{@link Fault.GossipPartition}: two policy-routing rules in the node's namespace,
 *       {@code ip rule add ipproto tcp dport|sport PORT blackhole}: what the node sends to a gossip port,
 *       answers from its own and forwards for others is dropped (incoming segments still reach the
 *       local table first, but every answer is dropped); data traffic and probes are untouched.</li>
 * </ul>
 *
 * <p>{@link #close()} clears every active fault: afterwards no tc program, qdisc or downed link of
 * this injector remains. Faults must not overlap on the same interface in the same way (two tbf on
 * one end); loss and blackhole programs do chain. Thread-safe.
 */
public final class FaultInjector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LINK_UP_TIMEOUT_NANOS = 10_000_000_000L;
    private static final int FRAME_BYTES = 1_514;

    private final HealMesh mesh;
    private final ServiceControl services;
    private final AgentControl agents;
    private final Map<Fault, Active> active = new LinkedHashMap<>();
    /** From the first injection step to the end of the last clearing step: what the network suffers. */
    private final Set<Fault> onWire = new CopyOnWriteArraySet<>();
    private boolean closed;

    /** An injector for {@code mesh}; {@code services} may be null when no service faults are injected. */
    public FaultInjector(HealMesh mesh, ServiceControl services) {
        this(mesh, services, null);
    }

    /** An injector that can also kill agents ({@code agents} may be null when no agent faults are injected). */
    public FaultInjector(HealMesh mesh, ServiceControl services, AgentControl agents) {
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.services = services;
        this.agents = agents;
    }

    /** What an active fault installed. */
    private record Active(List<FaultInjectProgram> programs, Runnable clear) {}

    /** One end of a link: node and its interface. */
    private record End(int node, String ifname) {}

    /**
     * Injects {@code fault}; on a failure half-way, undoes what was done and throws.
     *
     * @throws IllegalStateException when the same fault is already active or the injector is closed
     */
    public synchronized InjectionRecord inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (closed) {
            throw new IllegalStateException("fault injector closed");
        }
        if (active.containsKey(fault)) {
            throw new IllegalStateException(fault + " is already active");
        }
        // the fault starts with its first step: time it before, not after, the (possibly slow) steps
        long startNanos = System.nanoTime();
        Instant startWall = Instant.now();
        onWire.add(fault);
        Active a;
        try {
            a = switch (fault) {
                case Fault.LinkLoss f -> drop(ends(f.a(), f.b()), FaultInjectProgram.perMillion(f.share()));
                case Fault.LinkDown f -> linkDown(f.a(), f.b());
                case Fault.Blackhole f -> drop(blackholeEnds(f.node()), FaultInjectProgram.ALL);
                case Fault.BandwidthCollapse f -> shape(ends(f.a(), f.b()), f.rateBitsPerSec());
                case Fault.ServiceKill f -> serviceKill(f.node());
                case Fault.AgentKill f -> agentKill(f.node());
                case Fault.GossipPartition f -> gossipCut(f.node(), f.gossipPort());
            };
        } catch (RuntimeException | Error e) {
            onWire.remove(fault);
            throw e;
        }
        InjectionRecord r = new InjectionRecord(fault, startNanos, startWall);
        active.put(fault, a);
        LOG.info("injected {} ({})", fault, fault.subject());
        return r;
    }

    /**
     * Clears {@code fault}.
     *
     * @throws IllegalStateException when it is not active
     */
    public synchronized ClearRecord clear(Fault fault) {
        Active a = active.remove(Objects.requireNonNull(fault, "fault"));
        if (a == null) {
            throw new IllegalStateException(fault + " is not active");
        }
        try {
            a.clear().run();
        } finally {
            onWire.remove(fault);
        }
        LOG.info("cleared {}", fault);
        return new ClearRecord(fault, System.nanoTime(), Instant.now());
    }

    /**
     * The faults on the wire: from the start of their first injection step to the end of their last
     * clearing step (a blackhole takes several tc steps, so {@link #active()}, which changes after the
     * steps, lags the network by their duration). Lock-free: the ground truth of exported graphs, read
     * on the loop's thread while an injection runs.
     */
    public List<Fault> onWire() {
        return List.copyOf(onWire);
    }

    /** The active faults, oldest first. */
    public synchronized List<Fault> active() {
        return List.copyOf(active.keySet());
    }

    /**
     * Packets seen and dropped by the tc programs of an active loss or blackhole fault, summed over
     * its programs; empty for other kinds or inactive faults.
     */
    public synchronized Optional<FaultInjectProgram.Counters> counters(Fault fault) {
        Active a = active.get(fault);
        if (a == null || a.programs().isEmpty()) {
            return Optional.empty();
        }
        FaultInjectProgram.Counters sum = new FaultInjectProgram.Counters(0, 0);
        for (FaultInjectProgram p : a.programs()) {
            sum = sum.plus(p.counters());
        }
        return Optional.of(sum);
    }

    /** Clears every active fault (newest first), logging but not stopping at failures; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        List<Fault> faults = new ArrayList<>(active.keySet());
        RuntimeException first = null;
        for (int i = faults.size() - 1; i >= 0; i--) {
            try {
                clear(faults.get(i));
            } catch (RuntimeException e) {
                LOG.warn("clearing {} failed", faults.get(i), e);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<End> ends(int a, int b) {
        return List.of(new End(a, mesh.ifname(a, b)), new End(b, mesh.ifname(b, a)));
    }

    private List<End> blackholeEnds(int j) {
        List<End> out = new ArrayList<>();
        for (int k : mesh.neighbours(j)) {
            out.add(new End(j, mesh.ifname(j, k)));
            out.add(new End(k, mesh.ifname(k, j)));
        }
        return out;
    }

    private Active drop(List<End> ends, int dropPerMillion) {
        List<FaultInjectProgram> programs = new ArrayList<>();
        try {
            for (End e : ends) {
                FaultInjectProgram p = FaultInjectProgram.attach(mesh.netns(e.node()), e.ifname(), TcDirection.EGRESS);
                programs.add(p);
                p.set(dropPerMillion, FaultInjectProgram.Match.ALL, null);
            }
        } catch (RuntimeException e) {
            closeAll(programs);
            throw e;
        }
        return new Active(List.copyOf(programs), () -> closeAll(programs));
    }

    private static void closeAll(List<FaultInjectProgram> programs) {
        for (FaultInjectProgram p : programs) {
            p.close();
        }
    }

    private Active linkDown(int a, int b) {
        List<End> ends = ends(a, b);
        Runnable up = () -> {
            for (End e : ends) {
                Commands.run("ip", "-n", mesh.netns(e.node()), "link", "set", e.ifname(), "up");
            }
            for (End e : ends) {
                awaitOperational(e);
            }
            mesh.reinstallDefaultRoutesMissing();
        };
        try {
            for (End e : ends) {
                Commands.run("ip", "-n", mesh.netns(e.node()), "link", "set", e.ifname(), "down");
            }
        } catch (RuntimeException e) {
            up.run();
            throw e;
        }
        return new Active(List.of(), up);
    }

    private void awaitOperational(End e) {
        long deadline = System.nanoTime() + LINK_UP_TIMEOUT_NANOS;
        while (!"UP".equals(operstate(e))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(e.ifname() + " in " + mesh.netns(e.node()) + " did not come up: "
                        + operstate(e));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    private String operstate(End e) {
        String json = Commands.run("ip", "-n", mesh.netns(e.node()), "-j", "link", "show", "dev", e.ifname());
        try {
            JsonNode root = JSON.readTree(json);
            return root.path(0).path("operstate").asText("?");
        } catch (IOException ex) {
            throw new IllegalStateException("cannot parse ip link JSON: " + json, ex);
        }
    }

    private Active shape(List<End> ends, long rateBitsPerSec) {
        long burst = Math.max(2L * FRAME_BYTES, rateBitsPerSec / 8 / 100);
        List<End> done = new ArrayList<>();
        Runnable unshape = () -> {
            for (End e : done) {
                Commands.run("tc", "-n", mesh.netns(e.node()), "qdisc", "del", "dev", e.ifname(), "root");
            }
        };
        try {
            for (End e : ends) {
                Commands.run("tc", "-n", mesh.netns(e.node()), "qdisc", "replace", "dev", e.ifname(), "root", "tbf",
                        "rate", rateBitsPerSec + "bit", "burst", Long.toString(burst), "latency", "50ms");
                done.add(e);
            }
        } catch (RuntimeException e) {
            unshape.run();
            throw e;
        }
        return new Active(List.of(), unshape);
    }

    private Active serviceKill(int node) {
        if (services == null) {
            throw new IllegalStateException("no ServiceControl given: cannot kill the service of node " + node);
        }
        services.kill(node);
        return new Active(List.of(), () -> services.restart(node));
    }

    private Active agentKill(int node) {
        if (agents == null) {
            throw new IllegalStateException("no AgentControl given: cannot kill the agent of node " + node);
        }
        agents.kill(node);
        return new Active(List.of(), () -> agents.restart(node));
    }

    /** The preference of the gossip-cut rules (before the main table's 32766 and the heal table's). */
    private static final int GOSSIP_CUT_PREF = 90;

    private Active gossipCut(int node, int port) {
        String ns = mesh.netns(node);
        List<String> added = new ArrayList<>();
        Runnable uncut = () -> {
            for (String dir : added) {
                Commands.run("ip", "-n", ns, "rule", "del", "pref", Integer.toString(GOSSIP_CUT_PREF), "ipproto", "tcp",
                        dir, Integer.toString(port), "blackhole");
            }
        };
        try {
            for (String dir : List.of("dport", "sport")) {
                Commands.run("ip", "-n", ns, "rule", "add", "pref", Integer.toString(GOSSIP_CUT_PREF), "ipproto", "tcp", dir,
                        Integer.toString(port), "blackhole");
                added.add(dir);
            }
        } catch (RuntimeException e) {
            uncut.run();
            throw e;
        }
        return new Active(List.of(), uncut);
    }

    @Override
    public String toString() {
        return "FaultInjector[" + mesh + ", active " + active() + "]";
    }
}
