package io.ebpf4j.agent.gossip;

import io.ebpf4j.agent.GossipPlan;
import io.ebpf4j.agent.config.HostPort;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState;
import io.ebpf4j.heal.loop.SharedView;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterConfig;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMath;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.cluster.Member;
import io.scalecube.cluster.membership.MembershipEvent;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The {@link SharedView} of agents in separate processes: each agent publishes its own node's analysed
 * edges and node features, and they reach every other agent through the gossip of a SWIM membership
 * cluster (scalecube-cluster; docs/agent/GOSSIP.md says why that library, and what it costs). The
 * snapshot holds every member's latest records; {@link #membership()} tells which nodes' agents are
 * alive, suspect (missed their probes, directly and through other members), leaving or dead.
 *
 * <p>A publication is pushed to every member at once and spread by gossip (see {@link GossipSettings}).
 * A change of an edge's or the node's state (its anomalous flag, a new edge) is published at once;
 * changes of values only are published at most once per {@link GossipSettings#refresh()}; a member
 * that joins gets every member's latest records sent to it directly (not gossiped to all again, so a
 * burst of joins or re-joins does not turn into a gossip storm). Each publication is versioned (the
 * run's start epoch and a sequence number), so a duplicate, stale or reordered copy never overwrites
 * newer records; the records of a member that is removed (and has no other run alive) leave the
 * snapshot.
 *
 * <p>Threads: the library's ({@code sc-cluster-*}) and one of its own,
 * {@code gossip-view-<name>}. {@link #close()} leaves the cluster gracefully (the others see the
 * member leave, not fail) and is idempotent.
 */
public final class GossipView implements SharedView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipView.class);

    /** The qualifier of the view's gossips. */
    static final String QUALIFIER = "ebpf4j/view/v1";

    /** The membership namespace: members of other namespaces are ignored. */
    static final String NAMESPACE = "ebpf4j";

    private final int node;
    private final String name;
    private final long epoch;
    private final GossipSettings settings;
    private final IntConsumer onChange;
    private final Map<Integer, String> expected;
    private final java.util.Set<String> mismatches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LatestRecords remote = new LatestRecords();
    private final MemberTable members;
    private final BoundTcpTransport transport;
    private final ScheduledExecutorService refresher;
    private final Map<Integer, EdgeFeatures> edges = new TreeMap<>();
    private final Map<Integer, Boolean> publishedState = new HashMap<>();
    private NodeFeatures self;
    private Boolean publishedSelfState;
    private Publication lastPublished;
    private long seq;
    private boolean dirty;
    private volatile Cluster cluster;
    private Disposable tap;
    private boolean closed;

    private GossipView(Builder b, InetSocketAddress bind) {
        this.node = b.node;
        this.name = b.name;
        this.epoch = System.currentTimeMillis();
        this.settings = b.settings;
        long ping = b.settings.pingInterval().toMillis();
        int mult = b.settings.suspicionMult();
        this.members = new MemberTable(System::nanoTime,
                n -> TimeUnit.MILLISECONDS.toNanos(ClusterMath.suspicionTimeout(mult, n, ping) + 2 * ping));
        this.onChange = b.onChange;
        this.expected = Map.copyOf(b.names);
        this.transport = new BoundTcpTransport(bind.getAddress(), b.keys == null ? null : new MessageAuth(b.keys));
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gossip-view-" + name).daemon().factory());
    }

    /**
     * Starts a view with {@link GossipSettings#defaults()}: binds the plan's address and joins the
     * cluster through its seeds.
     *
     * @see Builder#start()
     */
    public static GossipView start(GossipPlan plan, int node, String name) {
        return builder(plan, node, name).start();
    }

    /**
     * A builder of the view of node {@code node}, named {@code name}, gossiping as {@code plan} says.
     *
     * @param plan the bind address (required: without it the agent runs alone) and the seeds
     * @param node this node's number (the {@code from} of its edges)
     * @param name this node's identity (its SPIFFE ID or node name), announced to the other members
     */
    public static Builder builder(GossipPlan plan, int node, String name) {
        return new Builder(plan, node, name);
    }

    /** Builds a {@link GossipView}. */
    public static final class Builder {
        private final GossipPlan plan;
        private final int node;
        private final String name;
        private GossipSettings settings = GossipSettings.defaults();
        private IntConsumer onChange = n -> { };
        private Map<Integer, String> names = Map.of();
        private GossipKeys keys;

        private Builder(GossipPlan plan, int node, String name) {
            this.plan = Objects.requireNonNull(plan, "plan");
            this.node = node;
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The protocol's tuning (default {@link GossipSettings#defaults()}). */
        public Builder settings(GossipSettings s) {
            this.settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /**
         * Called with a node's number when newer records of it arrived (on the library's thread: keep it
         * quick, e.g. wake the loop).
         */
        public Builder onChange(IntConsumer listener) {
            this.onChange = Objects.requireNonNull(listener, "onChange");
            return this;
        }

        /**
         * Every node's identity by number, as this agent numbers the nodes: a publication whose node
         * number belongs to another identity here (an agent that numbers the mesh differently) is
         * ignored, with a warning once per identity. Default: no check.
         */
        public Builder nodeNames(Map<Integer, String> names) {
            this.names = Map.copyOf(Objects.requireNonNull(names, "names"));
            return this;
        }

        /**
         * Authenticates every membership and gossip message with an HMAC-SHA256 made with
         * {@code keys} (the first one signs; either verifies): a message without a valid MAC is
         * dropped before it is decoded and counted ({@link GossipTraffic#unauthenticated()}), so an
         * agent without the mesh's keys can neither join nor inject records. Every member must hold
         * the same keys. Default ({@code null}): not authenticated.
         */
        public Builder auth(GossipKeys keys) {
            this.keys = keys;
            return this;
        }

        /**
         * Binds the plan's address, joins the cluster through the seeds (waiting at most a few seconds
         * for their answer: unreachable seeds are retried in the background) and starts publishing.
         *
         * @throws IllegalArgumentException when the plan has no bind address
         * @throws IllegalStateException    when the address cannot be bound, saying what to do
         */
        public GossipView start() {
            InetSocketAddress bind = plan.bind().orElseThrow(() -> new IllegalArgumentException(
                    "gossip.bind is not set: without it the agent runs alone (use a MeshView)"));
            GossipView view = new GossipView(this, bind);
            view.join(bind, plan.seeds());
            return view;
        }
    }

    private void join(InetSocketAddress bind, List<HostPort> seeds) {
        MemberState me = new MemberState(node, name, MemberState.Liveness.ALIVE, System.nanoTime());
        GossipSettings s = settings;
        // every probe and membership record carries the member's id and alias: keep them short (the
        // name travels once, in the metadata); the id is unique per run
        String id = Integer.toString(node, 36) + "." + Long.toString(epoch, 36) + "."
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        ClusterConfig config = ClusterConfig.defaultConfig()
                .memberId(id)
                .memberAlias("n" + node)
                .metadata(new MemberTag(node, name).encode())
                .metadataCodec(MemberTag.CODEC)
                .transport(t -> t.port(bind.getPort()).messageCodec(new FilteredJdkCodec())
                        .connectTimeout(millis(s.connectTimeout())).transportFactory(transport))
                .failureDetector(f -> f.pingInterval(millis(s.pingInterval())).pingTimeout(millis(s.pingTimeout()))
                        .pingReqMembers(s.pingReqMembers()))
                .gossip(g -> g.gossipInterval(s.gossipInterval().toMillis()).gossipFanout(s.fanout())
                        .gossipRepeatMult(s.repeatMult()))
                .membership(m -> m.seedMembers(seeds.stream().map(HostPort::toString).toList())
                        .syncInterval(millis(s.syncInterval())).suspicionMult(s.suspicionMult()).namespace(NAMESPACE));
        try {
            cluster = new ClusterImpl(config).handler(c -> new Handler()).startAwait();
        } catch (RuntimeException e) {
            refresher.shutdownNow();
            throw new IllegalStateException("joining the gossip cluster on " + bind + " failed (" + e
                    + "): check that gossip.bind is an address of this host and that no other process uses its port",
                    e);
        }
        members.added(cluster.member().id(), me.node(), me.name());
        tap = SwimTap.attach(cluster, members);
        if (!s.refresh().isZero()) {
            long period = s.refresh().toNanos();
            refresher.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.NANOSECONDS);
        }
        LOG.info("gossip view of node {} ({}) joined as {} through seeds {}", node, name, cluster.address(), seeds);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** The address the view's member listens on ({@code ip:port}; the port is the bound one). */
    public String address() {
        return cluster.address();
    }

    /** This node's number. */
    public int node() {
        return node;
    }

    /**
     * Publishes this node's analysed edges (each must start at this node), replacing its previous ones
     * to the same peers: at once when an edge is new or its anomalous flag changed, else with the next
     * refresh.
     *
     * @throws IllegalArgumentException for an edge that starts at another node
     */
    @Override
    public void publishEdges(List<EdgeFeatures> analysed) {
        for (EdgeFeatures e : analysed) {
            if (e.from() != node) {
                throw new IllegalArgumentException("the view of node " + node + " publishes its own edges only, not "
                        + e.from() + "->" + e.to());
            }
        }
        synchronized (this) {
            boolean changed = false;
            for (EdgeFeatures e : analysed) {
                edges.put(e.to(), e);
                changed |= !Boolean.valueOf(e.anomalous()).equals(publishedState.get(e.to()));
            }
            changed(changed);
        }
    }

    /**
     * Publishes this node's own features: at once when its anomalous flag changed, else with the next
     * refresh.
     *
     * @throws IllegalArgumentException for another node's features
     */
    @Override
    public void publishNode(NodeFeatures n) {
        if (n.node() != node) {
            throw new IllegalArgumentException("the view of node " + node + " publishes its own features only, not node "
                    + n.node() + "'s");
        }
        synchronized (this) {
            self = n;
            changed(!Boolean.valueOf(n.anomalous()).equals(publishedSelfState));
        }
    }

    private void changed(boolean state) {
        if (state) {
            publish();
        } else {
            dirty = true;
        }
    }

    private synchronized void refresh() {
        if (dirty && !closed) {
            publish();
        }
    }

    /** Publishes this node's records now (holding the lock). */
    private void publish() {
        if (closed || (self == null && edges.isEmpty())) {
            return;
        }
        Publication p = new Publication(node, name, epoch, seq++, Optional.ofNullable(self), edges.values().stream().toList());
        edges.values().forEach(e -> publishedState.put(e.to(), e.anomalous()));
        publishedSelfState = self == null ? null : self.anomalous();
        dirty = false;
        lastPublished = p;
        gossip(p);
    }

    /**
     * Pushes {@code p} to every member this one knows (when the settings say so) and spreads it by
     * gossip, as it is (tests use it to replay stale and forged publications).
     */
    void gossip(Publication p) {
        byte[] bytes = PublicationCodec.encode(p);
        if (settings.directPush()) {
            List<Member> others;
            try {
                others = List.copyOf(cluster.otherMembers());
            } catch (RuntimeException e) { // the library's table changing under the copy: the gossip still goes
                LOG.debug("no member list for the direct push of node {}'s records: {}", node, e.toString());
                others = List.of();
            }
            for (Member m : others) {
                send(m.address(), bytes);
            }
        }
        Message m = Message.withData(bytes).qualifier(QUALIFIER).build();
        cluster.spreadGossip(m).subscribe(null, e -> LOG.debug("spreading view records of node {} failed: {}", p.node(), e.toString()));
    }

    private void send(String address, byte[] bytes) {
        Message m = Message.withData(bytes).qualifier(QUALIFIER).build();
        cluster.transport().send(address, m).subscribe(null,
                e -> LOG.debug("sending view records to {} failed: {}", address, e.toString()));
    }

    /** Sends this node's latest publication, as it is, to the member at {@code address} only. */
    private void sendLatestTo(String address) {
        Publication p;
        synchronized (this) {
            p = closed ? null : lastPublished;
        }
        if (p != null) {
            send(address, PublicationCodec.encode(p));
        }
    }

    /**
     * Every member's latest records, this node's included, taken at {@code monoNanos}: nodes by number,
     * edges by (from, to).
     */
    @Override
    public TelemetryGraph snapshot(long monoNanos) {
        List<NodeFeatures> nodes = new ArrayList<>();
        List<EdgeFeatures> all = new ArrayList<>();
        for (NodeFeatures n : remote.nodes()) {
            if (n.node() != node) {
                nodes.add(n);
            }
        }
        for (EdgeFeatures e : remote.edges()) {
            if (e.from() != node) {
                all.add(e);
            }
        }
        synchronized (this) {
            if (self != null) {
                nodes.add(self);
            }
            all.addAll(edges.values());
        }
        nodes.sort(Comparator.comparingInt(NodeFeatures::node));
        all.sort(Comparator.comparingInt(EdgeFeatures::from).thenComparingInt(EdgeFeatures::to));
        return new TelemetryGraph(monoNanos, nodes, all);
    }

    /**
     * By node number: the state of each node's agent in the membership protocol (this node's
     * included), and since when ({@link System#nanoTime()}). A node's agent that turned
     * {@link MemberState.Liveness#SUSPECT} or {@link MemberState.Liveness#DEAD} without leaving is
     * evidence of a fault of the node, not of its links. With {@link Builder#nodeNames} given, members
     * that number themselves differently are left out.
     */
    @Override
    public Map<Integer, MemberState> membership() {
        Map<Integer, MemberState> all = members.byNode();
        if (expected.isEmpty()) {
            return all;
        }
        Map<Integer, MemberState> out = new TreeMap<>();
        all.forEach((n, s) -> {
            if (s.name().equals(expected.get(n))) {
                out.put(n, s);
            }
        });
        return out;
    }

    /** What this member sent and received so far. */
    public GossipTraffic traffic() {
        return transport.traffic();
    }

    /** The latest publication of {@code node} this view took (tests and the benchmark), or null. */
    Publication latest(int node) {
        return remote.of(node);
    }

    /**
     * Stops the member as a crash would (tests): its transport closes at once, without a leave
     * announcement, so the others see its probes fail. {@link #close()} releases the rest.
     */
    void crash() {
        synchronized (this) {
            closed = true;
        }
        refresher.shutdownNow();
        Transport t = transport.transport();
        if (t != null) {
            t.stop().block(Duration.ofSeconds(5));
        }
    }

    /** Leaves the cluster (announced to the others), stops the threads; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (cluster == null || tap == Disposed.INSTANCE) {
                return;
            }
            closed = true;
        }
        refresher.shutdownNow();
        Disposable t = tap;
        tap = Disposed.INSTANCE;
        if (t != null) {
            t.dispose();
        }
        cluster.shutdown();
        try {
            cluster.onShutdown().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("gossip view of node {} did not shut down within 5 s: {}", node, e.toString());
        }
        LOG.info("gossip view of node {} ({}) left", node, name);
    }

    private enum Disposed implements Disposable {
        INSTANCE;

        @Override
        public void dispose() {}
    }

    private final class Handler implements ClusterMessageHandler {
        @Override
        public void onGossip(Message m) {
            take(m);
        }

        /** A member's records pushed to this one directly (on a change, or when this one joined). */
        @Override
        public void onMessage(Message m) {
            take(m);
        }

        private void take(Message m) {
            if (!QUALIFIER.equals(m.qualifier()) || !(m.data() instanceof byte[] bytes)) {
                return;
            }
            Publication p;
            try {
                p = PublicationCodec.decode(bytes);
            } catch (IOException e) {
                LOG.debug("skipping a view record: {}", e.getMessage());
                return;
            }
            if (p.node() == node || !numberedAlike(p)) {
                return;
            }
            if (remote.offer(p)) {
                onChange.accept(p.node());
            }
        }

        /** Whether {@code p}'s node number is its identity's here too (no names given: yes). */
        private boolean numberedAlike(Publication p) {
            String want = expected.get(p.node());
            if (expected.isEmpty() || p.name().equals(want)) {
                return true;
            }
            if (mismatches.add(p.node() + " " + p.name())) {
                LOG.warn("ignoring the records of {}: it calls itself node {}, which is {} here; every agent must list the "
                        + "same nodes (itself and its peers): they are numbered by sorted SPIFFE ID", p.name(), p.node(),
                        want == null ? "no node" : want);
            }
            return false;
        }

        @Override
        public void onMembershipEvent(MembershipEvent ev) {
            String id = ev.member().id();
            switch (ev.type()) {
                case ADDED -> {
                    Optional<MemberTag> tag = MemberTag.decode(ev.newMetadata());
                    if (tag.isEmpty()) {
                        LOG.warn("member {} at {} announced no node: ignored", id, ev.member().address());
                        return;
                    }
                    members.added(id, tag.get().node(), tag.get().name());
                    LOG.info("node {} ({}) joined at {}", tag.get().node(), tag.get().name(), ev.member().address());
                    sendLatestTo(ev.member().address());
                }
                case LEAVING -> members.leaving(id);
                case REMOVED -> {
                    int n = members.nodeOf(id);
                    members.removed(id);
                    MemberState s = members.byNode().get(n);
                    if (n >= 0 && s != null && s.liveness() == MemberState.Liveness.DEAD && remote.forget(n)) {
                        onChange.accept(n);
                    }
                    LOG.info("node {} removed from the membership ({})", n, ev.member().address());
                }
                case UPDATED -> { }
            }
        }
    }
}
