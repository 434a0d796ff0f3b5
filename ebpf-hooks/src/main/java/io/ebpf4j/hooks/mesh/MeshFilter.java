package io.ebpf4j.hooks.mesh;

import io.ebpf4j.BpfObject;
import io.ebpf4j.Program;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.Requirement;
import io.ebpf4j.link.BpfLink;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.map.BpfMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The mesh identity filter: an XDP program (bundled {@code mesh_filter.bpf.o}) that maps each
 * frame's source address to a SPIFFE identity, allows or drops it by policy, counts it per identity,
 * answers probe requests in XDP and turns probe replies into RTT and loss samples.
 *
 * <pre>{@code
 * try (MeshFilter mesh = MeshFilter.builder().defaultAction(Action.DENY).probePort(7946).build()) {
 *     SpiffeId web = SpiffeId.parse("spiffe://example.org/web");
 *     mesh.identities().register(web, "10.0.1.0/24", "fd00:1::/64");
 *     mesh.allow(web);
 *     mesh.attach("eth0");
 *     MeshStats s = mesh.stats();
 * }
 * }</pre>
 *
 * <p>Identities and policies change at run time through map updates, without reloading or
 * detaching (see {@link IdentityRegistry} for the update order). Kernel requirements:
 * {@link #REQUIREMENTS} to load, {@link KernelFeature#XDP_ATTACH} to attach; without
 * {@link KernelFeature#BPF_LINK} (Linux &lt; 5.9 for XDP) it attaches through netlink instead, which
 * outlives the process if it dies without closing. Thread-safe.
 *
 * <p><b>Pinned mode</b> ({@link Builder#pinDir(Path)}): the datapath outlives the process. The maps
 * that hold state and the XDP link of each interface are pinned in a bpffs directory; {@link #close()}
 * releases this process's hold and leaves the filter running; the next {@link Builder#build()} with
 * the same directory adopts it: it reuses the pinned maps (policies stay in force, counters
 * continue), loads the new program against them and swaps it into each pinned link atomically
 * ({@link BpfLink#update}), so the interfaces are never without the filter. {@link #uninstall()}
 * removes it all. Without a pin directory nothing outlives the process.
 *
 * <pre>{@code
 * MeshFilter mesh = MeshFilter.builder().pinDir(Path.of("/sys/fs/bpf/ebpf4j-mesh"))
 *         .defaultAction(Action.DENY).attach("eth0").build();     // adopts what a previous run left
 * mesh.identities().register(web, "10.0.1.0/24");                // same number, counters continue
 * mesh.allow(web);
 * mesh.identities().adopted().forEach(mesh.identities()::remove); // what the configuration dropped
 * mesh.close();                                                   // eth0 stays filtered
 * }</pre>
 */
public final class MeshFilter implements AutoCloseable {

    /**
     * What loading the filter needs: the XDP program type, the map types it declares, and CAP_PERFMON
     * (the verifier accepts the program's packet pointer arithmetic only from a loader with
     * CAP_PERFMON; without it the load fails with "pointer -= pointer prohibited").
     */
    public static final List<Requirement> REQUIREMENTS = List.of(ProgramType.XDP, MapType.LPM_TRIE, MapType.ARRAY,
            MapType.HASH, MapType.PERCPU_ARRAY, KernelFeature.CAP_PERFMON);

    private final BpfObject object;
    private final MeshMaps maps;
    private final IdentityRegistry registry;
    private final MeshGuards guards;
    private final Action defaultAction;
    private final int probePort;
    private final int nodeTag;
    private final MeshPins pins; // null: not pinned
    private final boolean adopted;
    private final MeshLinks links;
    private boolean closed;

    MeshFilter(BpfObject object, MeshLoader.Settings s, int nodeTag, MeshPins pins, BpfMap<Integer, SpiffeId> names,
               boolean adopted) {
        this.object = object;
        this.maps = new MeshMaps(object, names);
        this.registry = new IdentityRegistry(maps);
        this.defaultAction = s.defaultAction();
        this.probePort = s.probePort();
        this.nodeTag = nodeTag;
        this.pins = pins;
        this.links = new MeshLinks(s.mode(), pins);
        this.adopted = adopted;
        this.guards = new MeshGuards(maps, registry, s.probeAuth(), s.meshKeys(), s.answerLimit());
        if (adopted) {
            registry.adopt();
            guards.adopt();
        }
        guards.install(); // before the program sees a packet (a fresh attach, or the swap into adopted links)
    }

    /** A builder with default action ALLOW, probes off, a random node tag, XDP mode DEFAULT. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks {@link #REQUIREMENTS} and {@link KernelFeature#XDP_ATTACH} and reports
     * {@link KernelFeature#BPF_LINK} (missing: netlink attach is used) against this kernel.
     */
    public static CheckResult check() {
        List<Requirement> all = new ArrayList<>(REQUIREMENTS);
        all.add(KernelFeature.XDP_ATTACH);
        all.add(KernelFeature.BPF_LINK);
        return KernelCapabilities.cached().check(all);
    }

    /**
     * Entries of the identity-indexed maps ({@link MeshFilterObject#IDENTITY_MAPS}): identities are
     * 1 .. capacity - 1 ({@link Builder#identityCapacity(int)}; an adopted datapath keeps its own).
     */
    public int identityCapacity() {
        return maps.capacity;
    }

    /** The registry of identities and policies. */
    public IdentityRegistry identities() {
        return registry;
    }

    /**
     * The datapath guards: probe keys and authentication, the probe answer budget, identity bindings,
     * and what they counted.
     */
    public MeshGuards guards() {
        return guards;
    }

    /** Allows traffic from {@code id} (takes effect immediately if registered, else on registration). */
    public void allow(SpiffeId id) {
        registry.setPolicy(id, Action.ALLOW);
    }

    /** Drops traffic from {@code id}. */
    public void deny(SpiffeId id) {
        registry.setPolicy(id, Action.DENY);
    }

    /** Removes the policy of {@code id}: the default action applies to it again. */
    public void clearPolicy(SpiffeId id) {
        registry.setPolicy(id, null);
    }

    /**
     * Sets a rule for traffic from {@code id} to destination {@code port} over {@code protocol}
     * ({@code port} 0: any port of the protocol), taking precedence over the identity's policy; a
     * {@code null} action removes the rule. Specific port before any-port before identity policy.
     */
    public void rule(SpiffeId id, IpProtocol protocol, int port, Action action) {
        registry.setPortRule(id, protocol, port, action);
    }

    /**
     * Attaches the program to {@code ifname} in the calling thread's network namespace (call it in
     * {@code NetNs.run} for another namespace). One filter can serve many interfaces. A pinned filter
     * pins the link ({@code link_IFNAME} in its directory); an interface whose pinned link it adopted
     * at build is attached already.
     */
    public synchronized void attach(String ifname) {
        requireOpen();
        links.attach(program(), ifname);
    }

    /** Swaps this filter's program into every link pinned in its directory (once, at build). */
    synchronized void adoptLinks() {
        links.adopt(program());
    }

    /**
     * Detaches from {@code ifname} (removing its pin in pinned mode); returns whether it was attached
     * there.
     */
    public synchronized boolean detach(String ifname) {
        return links.detach(ifname);
    }

    /** Interfaces attached to, in attach order. */
    public synchronized List<String> interfaces() {
        return links.interfaces();
    }

    /** A snapshot of every counter, per registered identity with its SPIFFE ID. */
    public MeshStats stats() {
        requireOpen();
        GlobalStats global = GlobalStats.sum(maps.global.get(0).orElseThrow());
        Counters unknown = counters(0);
        List<PeerStats> peers = new ArrayList<>();
        registry.identities().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                peers.add(new PeerStats(e.getValue(), e.getKey(), counters(e.getKey()), probeStats(e.getKey()),
                        guards.counters(e.getKey()))));
        return new MeshStats(global, unknown, peers);
    }

    /** Traffic counters of numeric identity {@code identity} (0: unknown sources). */
    public Counters counters(int identity) {
        checkIdentity(identity);
        return maps.peerCounters.get(identity).map(Counters::sum).orElse(Counters.ZERO);
    }

    /** Probe results recorded for numeric identity {@code identity}. */
    public ProbeStats probeStats(int identity) {
        checkIdentity(identity);
        return maps.probeStats.get(identity).map(ProbeStats::merge)
                .orElseGet(() -> ProbeStats.merge(List.of(Layouts.ProbeStatsValue.ZERO)));
    }

    /** A builder for a {@link Prober} sending this filter's probes. */
    public Prober.Builder prober() {
        requireOpen();
        return new Prober.Builder(this);
    }

    /** The loaded XDP program (for {@link Program#testRun}). */
    public Program program() {
        return object.program(MeshFilterObject.PROGRAM);
    }

    /** The loaded object, for direct access to its maps. */
    public BpfObject object() {
        return object;
    }

    public Action defaultAction() {
        return defaultAction;
    }

    /** The probe UDP port, 0 when probes are off. */
    public int probePort() {
        return probePort;
    }

    /** This node's tag in probe payloads ({@code node_identity}). */
    public int nodeTag() {
        return nodeTag;
    }

    /** The bpffs directory of a pinned filter; empty when it is not pinned. */
    public Optional<Path> pinDir() {
        return pins == null ? Optional.empty() : Optional.of(pins.dir());
    }

    /**
     * Whether this filter adopted a datapath a previous filter left pinned (its maps, and the links it
     * swapped its program into); {@link IdentityRegistry#adopted()} lists the identities it took over.
     */
    public boolean adopted() {
        return adopted;
    }

    /**
     * Removes a pinned filter for good: releases this process's hold, then removes every pin of the
     * directory (each link's pin last held its program on the interface: it detaches) and the
     * directory. Idempotent.
     *
     * @return what was removed (see {@link #uninstall(Path)})
     * @throws IllegalStateException when the filter is not pinned ({@link #close()} removes everything then)
     */
    public synchronized List<Path> uninstall() {
        if (pins == null) {
            throw new IllegalStateException("this mesh filter is not pinned (MeshFilter.Builder.pinDir): close() removes it");
        }
        close();
        return uninstall(pins.dir());
    }

    /**
     * Removes the mesh filter pinned in {@code pinDir}: its link pins (which detaches the program from
     * each interface once no process holds the link: stop the process running it first), its map
     * pins, then the directory when nothing else is left in it (anything else stays, with a warning).
     *
     * @return the pins removed, the directory last; empty when {@code pinDir} does not exist
     * @throws io.ebpf4j.kernel.BpfException when {@code pinDir} is not a directory on bpffs
     */
    public static List<Path> uninstall(Path pinDir) {
        return MeshPins.uninstall(Objects.requireNonNull(pinDir, "pinDir"));
    }

    /**
     * Detaches from every interface, then unloads. Idempotent. A pinned filter is not detached: this
     * releases the process's descriptors and the datapath keeps running on the pins until the next
     * build adopts it or {@link #uninstall} removes it.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = links.closeAll();
        object.close();
        if (maps.names != null) {
            maps.names.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkIdentity(int identity) {
        if (identity < 0 || identity >= maps.capacity) {
            throw new IllegalArgumentException("identity " + identity + " out of 0.." + (maps.capacity - 1));
        }
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the mesh filter is closed");
        }
    }

    /** Configures and loads a {@link MeshFilter}. */
    public static final class Builder {
        private Action defaultAction = Action.ALLOW;
        private int probePort;
        private int nodeTag; // 0: not set, a random one (or a pinned filter's) is used
        private XdpMode mode = XdpMode.DEFAULT;
        private boolean probeAuth;
        private ProbeKeys meshKeys;
        private AnswerLimit answerLimit = AnswerLimit.DEFAULT;
        private Path pinDir;
        private int identityCapacity = MeshFilterObject.DEFAULT_IDENTITY_CAPACITY;
        private final List<String> interfaces = new ArrayList<>();

        private Builder() {}

        /** The action for unknown sources and identities without a policy (default ALLOW). */
        public Builder defaultAction(Action action) {
            this.defaultAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /** The UDP port of probes, 1..65535; 0 (default) turns probe handling off. */
        public Builder probePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("probe port out of 0..65535: " + port);
            }
            this.probePort = port;
            return this;
        }

        /**
         * This node's tag in probe payloads (non-zero; default random, or for a pinned filter the tag
         * the filter it adopts had): replies carrying another tag are not this node's and pass untouched.
         */
        public Builder nodeTag(int tag) {
            if (tag == 0) {
                throw new IllegalArgumentException("the node tag must be non-zero");
            }
            this.nodeTag = tag;
            return this;
        }

        /**
         * How many identities the filter can number (identities are 1 .. capacity - 1; default
         * {@value MeshFilterObject#DEFAULT_IDENTITY_CAPACITY}, at most
         * {@value MeshFilterObject#MAX_IDENTITY_CAPACITY}): the entries of every identity-indexed map.
         * The per-CPU counters take capacity x possible CPUs x value size of kernel memory (704 bytes
         * per identity and possible CPU: peer counters 64, probe statistics 576, guard counters 64;
         * 2.75 MiB per CPU at the default; docs/PERFORMANCE.md has the table), so a host with many
         * CPUs and few identities should lower it. A pinned datapath adopted with another capacity
         * is refused, naming the map and saying to uninstall.
         */
        public Builder identityCapacity(int capacity) {
            if (capacity < MeshFilterObject.MIN_IDENTITY_CAPACITY || capacity > MeshFilterObject.MAX_IDENTITY_CAPACITY) {
                throw new IllegalArgumentException("identity capacity out of " + MeshFilterObject.MIN_IDENTITY_CAPACITY
                        + ".." + MeshFilterObject.MAX_IDENTITY_CAPACITY + ": " + capacity);
            }
            this.identityCapacity = capacity;
            return this;
        }

        /** XDP attach mode (default: native where the driver has it, generic otherwise). */
        public Builder xdpMode(XdpMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Requires authenticated probes ({@link MeshGuards}) from the first packet, with {@code meshKeys}
         * as the mesh-wide keys ({@code null}: per-pair keys only, set with
         * {@link MeshGuards#peerKeys} before the peers are registered). Default: not required.
         */
        public Builder probeAuth(ProbeKeys meshKeys) {
            this.probeAuth = true;
            this.meshKeys = meshKeys;
            return this;
        }

        /** The probe requests answered per source identity (default {@link AnswerLimit#DEFAULT}). */
        public Builder answerLimit(AnswerLimit limit) {
            this.answerLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Pins the filter in {@code dir}, a bpffs directory of the caller's (created with mode 0700
         * when absent; its parent must be on bpffs), so that it outlives this process, and adopts
         * what a previous filter pinned there (see the class comment). One filter at a time per
         * directory; link pins are named by interface, so one directory serves the interfaces of one
         * network namespace. {@code null} (the default): nothing outlives the process.
         *
         * <p>{@link #build()} then fails, naming the path and the remedy, when {@code dir} is not on
         * bpffs ({@code mount -t bpf bpf /sys/fs/bpf}), and, naming the map and saying to uninstall,
         * when a map pinned there has another type, key or value size than this version's. Pinned
         * mode needs {@link KernelFeature#BPF_LINK}. An adopted link keeps the XDP mode it was made with.
         */
        public Builder pinDir(Path dir) {
            this.pinDir = dir;
            return this;
        }

        /**
         * Interfaces to attach to in {@link #build()} (in the calling thread's network namespace); in
         * pinned mode, interfaces whose pinned link was adopted are attached already.
         */
        public Builder attach(String... ifnames) {
            for (String n : ifnames) {
                interfaces.add(Objects.requireNonNull(n, "interface name"));
            }
            return this;
        }

        /**
         * Loads the program (and attaches it where asked).
         *
         * @throws io.ebpf4j.kernel.MissingFeatureException when the kernel lacks something in
         *                                           {@link #REQUIREMENTS}
         */
        public MeshFilter build() {
            return MeshLoader.load(new MeshLoader.Settings(defaultAction, probePort, nodeTag, mode, probeAuth, meshKeys,
                    answerLimit, pinDir, List.copyOf(interfaces), identityCapacity));
        }
    }
}
