package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.MeshNodes;
import io.ebpf4j.agent.config.Durations;
import io.ebpf4j.agent.gossip.GossipKeys;
import io.ebpf4j.agent.gossip.GossipView;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.knowledge.HealMetrics;
import io.ebpf4j.heal.loop.HealNode;
import io.ebpf4j.heal.loop.MeshView;
import io.ebpf4j.heal.loop.NodeHealLoop;
import io.ebpf4j.heal.loop.SharedView;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's self-healing: its node's {@link NodeHealLoop} on the agent's mesh filter and prober, its
 * view shared with the other agents through a {@link GossipView} ({@code gossip.bind} set) or, alone, a
 * {@link MeshView} of its own, its decisions appended to the journal file, its metrics on the agent's
 * {@code /metrics}. The loop heals this node only (routes in its {@link HealTable}, its filter) and
 * keeps its routes when it stops ({@link NodeHealLoop.OnClose#KEEP}): a restarted agent adopts them,
 * {@code --uninstall} removes them. A reload that changes what the loop reads (its neighbours, the
 * services, the probes) restarts the loop, and the view when the node numbering changed. Not
 * thread-safe: the runtime calls it under its lock.
 */
final class AgentHealing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHealing.class);

    private final PrometheusRegistry registry;
    private HealMetrics metrics;
    private volatile SharedView view;
    private MeshNodes viewNodes;
    /** Unauthenticated gossip messages dropped by the views closed so far (a view restarts with the nodes). */
    private final AtomicLong refusedBefore = new AtomicLong();
    private boolean refusedRegistered;
    private NodeHealLoop loop;
    private String status;

    private AgentHealing(PrometheusRegistry registry, String status) {
        this.registry = registry;
        this.status = status;
    }

    /**
     * Starts the healing of {@code plan} on the agent's hooks, or nothing with the reason as status.
     *
     * @throws AgentStartException when the gossip view or the heal table cannot be set up
     */
    static AgentHealing start(AgentPlan plan, Path journal, MeshFilter filter, Prober prober, NetEvents netEvents,
            SyscallLatency syscalls, PrometheusRegistry registry) {
        if (!plan.healing().enabled()) {
            return new AgentHealing(registry, "off in the configuration (watch and alert only)");
        }
        AgentHealing h = new AgentHealing(registry, "starting");
        try {
            h.startLoop(plan, journal, filter, prober, netEvents, syscalls);
            return h;
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Whether healing runs, and on what; or why not. */
    String status() {
        return status;
    }

    /** The running loop, if any. */
    Optional<NodeHealLoop> loop() {
        return Optional.ofNullable(loop);
    }

    /** The view the loop shares, if any. */
    Optional<SharedView> view() {
        return Optional.ofNullable(view);
    }

    /** Whether a reload from {@code running} to {@code target} changes what the loop reads. */
    static boolean changes(AgentPlan running, AgentPlan target) {
        return running.healing().enabled() && (!running.healNode().equals(target.healNode())
                || !running.probes().equals(target.probes()));
    }

    /** Stops the loop (its actions kept), e.g. before a reload swaps the prober or the peers; idempotent. */
    void stopLoop() {
        if (loop != null) {
            NodeHealLoop l = loop;
            loop = null;
            l.close();
            status = "stopped";
        }
    }

    /**
     * (Re)starts the loop of {@code plan} (when healing is on), after {@link #stopLoop()}: the view is
     * kept unless the node numbering changed.
     */
    void startLoop(AgentPlan plan, Path journal, MeshFilter filter, Prober prober, NetEvents netEvents,
            SyscallLatency syscalls) {
        if (!plan.healing().enabled()) {
            return;
        }
        if (prober == null) {
            status = "not running: no peer has a probeAddress, and the loop reads the links through probes";
            LOG.warn("healing {}", status);
            return;
        }
        HealNode node = plan.healNode();
        MeshNodes nodes = plan.nodes();
        if (view != null && !nodes.equals(viewNodes)) {
            LOG.info("healing: the mesh's nodes changed ({} -> {}): the view restarts", viewNodes.ids(), nodes.ids());
            closeView();
        }
        if (view == null) {
            view = startView(plan, nodes);
            viewNodes = nodes;
            if (view instanceof GossipView && !refusedRegistered) {
                registry.register(this::refusedSnapshot);
                refusedRegistered = true;
            }
        }
        if (metrics == null) {
            metrics = HealMetrics.register(registry);
        }
        NodeHealLoop.Builder builder = NodeHealLoop.builder(node, filter, prober).view(view)
                .period(plan.healing().period()).guards(plan.healing().guards()).remedies(plan.healing().remedies())
                .journal(appender(journal)).metrics(metrics).netEvents(netEvents).syscallLatency(syscalls)
                .alerts(a -> LOG.warn("heal alert: {}", a))
                .onDetection((subject, at, cause) -> LOG.info("heal: detected {} at {} ns (monotonic clock; first evidence {} ms before)",
                        subject, at, (at - cause) / 1_000_000L))
                .onClose(NodeHealLoop.OnClose.KEEP);
        loop = plan.healing().detector().applyTo(builder, plan.healing().model()).start();
        status = "running: node " + node.node() + " of " + nodes.ids().size() + ", detector "
                + plan.healing().detector().name() + ", every "
                + Durations.format(plan.healing().period()) + ", " + node.neighbours().size() + " neighbours, "
                + node.services().size() + " services, may " + plan.healing().remedies() + "; routes in table "
                + loop.table().table() + "; view " + (view instanceof GossipView g ? "gossiped from " + g.address()
                        : "of this node alone (no gossip.bind)");
        LOG.info("healing {}", status);
    }

    private static SharedView startView(AgentPlan plan, MeshNodes nodes) {
        if (plan.gossip().bind().isEmpty()) {
            LOG.warn("healing without gossip (no gossip.bind): the loop sees this node's links only, so it cannot tell a "
                    + "sick link from a sick node nor find a detour it has no view of");
            return new MeshView();
        }
        try {
            GossipKeys keys = plan.gossip().authKeyFile().map(GossipKeys::read).orElse(null);
            if (keys == null) {
                LOG.warn("gossip without gossip.auth: any host that reaches {} can join the membership and inject "
                        + "records (docs/SECURITY.md)", plan.gossip().bind().get());
            }
            return GossipView.builder(plan.gossip(), nodes.self(), plan.node().toString()).nodeNames(nodes.names())
                    .auth(keys).start();
        } catch (RuntimeException e) {
            throw new AgentStartException(List.of("gossip: " + e.getMessage()), e);
        }
    }

    private static Writer appender(Path journal) {
        try {
            return Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AgentStartException(List.of("cannot append to the journal " + journal + ": " + e
                    + "; remedy: make it writable by the agent, or point journal elsewhere"), e);
        }
    }

    /** {@code ebpf4j_gossip_unauthenticated_messages_total}: messages dropped without a valid HMAC. */
    private CounterSnapshot refusedSnapshot() {
        long n = refusedBefore.get() + (view instanceof GossipView g ? g.traffic().unauthenticated() : 0);
        return CounterSnapshot.builder().name("ebpf4j_gossip_unauthenticated_messages")
                .help("Gossip messages dropped because they carried no valid HMAC (gossip.auth): an agent without "
                        + "the mesh's gossip key, or a forgery.")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(n).build()).build();
    }

    private void closeView() {
        if (view instanceof GossipView g) {
            refusedBefore.addAndGet(g.traffic().unauthenticated());
        }
        if (view instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the gossip view failed: {}", e.toString(), e);
            }
        }
        view = null;
        viewNodes = null;
    }

    /** Stops the loop (its routes kept for the next run) and leaves the gossip; idempotent. */
    @Override
    public void close() {
        try {
            stopLoop();
        } finally {
            closeView();
        }
    }

    /** The heal table of the agent's namespace (what {@code --uninstall} removes). */
    static HealTable table() {
        return new HealTable(null);
    }

    @Override
    public String toString() {
        return "AgentHealing[" + Objects.toString(status) + "]";
    }
}
