package io.ebpf4j.hooks.netevents;

import io.ebpf4j.hooks.internal.HookRuntime;
import io.ebpf4j.hooks.internal.NeConfig;
import io.ebpf4j.hooks.internal.PerCpuSums;
import io.ebpf4j.hooks.internal.TracingPrivileges;
import io.ebpf4j.map.RawMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * TCP retransmits, resets, state changes and packet drops from kernel tracepoints: per-CPU counters
 * per remote endpoint and per drop reason (names from the kernel's BTF {@code enum skb_drop_reason}),
 * and events for alerting.
 *
 * <pre>{@code
 * try (NetEvents ne = NetEvents.builder()
 *         .onRetransmit(r -> alert("retransmit to " + r.remote()))
 *         .onDrop(d -> dropped(d.reason().name()))
 *         .build()) {
 *     ne.state().skipped().forEach(s -> log.warn("{}", s));
 *     Map<Endpoint, PeerCounters> peers = ne.peers();
 *     Map<DropReason, Long> drops = ne.drops();
 * }
 * }</pre>
 *
 * <p>The programs attach as raw tracepoints where the kernel has them (they read the tracepoint's
 * arguments; no tracefs needed, so CAP_BPF and CAP_PERFMON suffice), else as tracepoints (they read its
 * record; tracefs must be readable); {@link #attachPath()} says which. Each tracepoint degrades on its
 * own: one this kernel lacks (or cannot run) is skipped and reported in {@link #state()}. Events are read on one daemon thread; listeners run there. Which
 * kinds become events is set at build time and changeable at run time ({@link #setEvents}).
 *
 * <p>Network namespaces: the tracepoints are global, so the kernel sees every namespace on the host.
 * Each event carries its namespace's inode ({@link NetEvent#netnsInode()}); {@link Builder#netns}
 * (or {@link #setNetns}) keeps only events of the given namespaces, before any listener (and so any
 * {@code AlertEngine} fed from here) sees them. The counters ({@link #peers()}, {@link #drops()}) are
 * host-wide: they add up every namespace's events, and two namespaces using the same addresses share
 * a peer entry.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class NetEvents implements AutoCloseable {
    private static final int FLAG_ALL_STATES = 1;
    private static final int FLAG_UNSPECIFIED_DROPS = 2;
    private static final int DROP_SLOTS = 1024;

    private final HookRuntime<NeConfig, NetEventListener> runtime;
    private final NetEventsState state;
    private final NetAttachPath path;
    private final NetEventDecoder decoder;
    private final KernelEnumNames dropNames;
    private final PerCpuSums peerSums;
    private final PerCpuSums dropSums;
    private final PerCpuSums lost;
    /** Sorted inodes of the namespaces whose events are delivered; null for all. */
    private volatile long[] netns;

    private NetEvents(Builder b) {
        TracingPrivileges.require("network events");
        this.dropNames = KernelEnumNames.load("skb_drop_reason", "SKB_DROP_REASON_");
        this.decoder = new NetEventDecoder(dropNames, KernelEnumNames.load("sk_rst_reason", "SK_RST_REASON_"));
        NetEventsLoader.Loaded loaded = NetEventsLoader.load(b.tracepoints, b.path);
        this.runtime = new HookRuntime<>("net-events", loaded.object());
        loaded.links().forEach(runtime::own);
        this.state = loaded.state();
        this.path = loaded.path();
        this.netns = b.netns;
        try {
            b.listeners.forEach(runtime::addListener);
            runtime.config("ne_config", NeConfig.class, new NeConfig(b.eventMask(),
                    (b.allStates ? FLAG_ALL_STATES : 0) | (b.unspecifiedDrops ? FLAG_UNSPECIFIED_DROPS : 0)));
            this.peerSums = runtime.sums("ne_peers", 5);
            this.dropSums = runtime.sums("ne_drops", 1);
            this.lost = runtime.sums("ne_lost", 1);
            runtime.startReader("ne_events", this::deliver);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** A builder: every tracepoint, no events until a listener or {@link Builder#events} asks for them. */
    public static Builder builder() {
        return new Builder();
    }

    private void deliver(MemorySegment buf, long off, long len) {
        long received = System.nanoTime();
        List<NetEventListener> listeners = runtime.listeners();
        if (listeners.isEmpty() || !inNetns(buf, off, len)) {
            return;
        }
        NetEvent e = decoder.decode(buf, off, len, received);
        if (e == null) {
            return;
        }
        for (NetEventListener l : listeners) {
            l.onEvent(e);
        }
    }

    private boolean inNetns(MemorySegment buf, long off, long len) {
        long[] only = netns;
        return only == null || len >= NetEventDecoder.EVENT_SIZE
                && Arrays.binarySearch(only, NetEventDecoder.netnsInode(buf, off)) >= 0;
    }

    /**
     * Delivers from now on only events of the network namespaces with these inodes (see
     * {@link io.ebpf4j.netns.NetNs#inode}); null or empty for every namespace. Events whose namespace
     * the kernel could not tell (inode 0) are left out by a filter. Counters stay host-wide.
     */
    public void setNetns(Set<Long> inodes) {
        this.netns = sortedInodes(inodes);
    }

    static long[] sortedInodes(Set<Long> inodes) {
        if (inodes == null || inodes.isEmpty()) {
            return null;
        }
        long[] a = new long[inodes.size()];
        int i = 0;
        for (Long inode : inodes) {
            Objects.requireNonNull(inode, "netns inode");
            if (inode <= 0) {
                throw new IllegalArgumentException("not a namespace inode: " + inode);
            }
            a[i++] = inode;
        }
        Arrays.sort(a);
        return a;
    }

    /** Which tracepoints are attached and why others were skipped. */
    public NetEventsState state() {
        return state;
    }

    /** How the programs are attached: as raw tracepoints (no tracefs needed) or as tracepoints. */
    public NetAttachPath attachPath() {
        return path;
    }

    /** Counters per remote endpoint (IPv4-mapped IPv6 peers merged with their IPv4 form). */
    public Map<Endpoint, PeerCounters> peers() {
        Map<Endpoint, long[]> sums = new LinkedHashMap<>();
        RawMap map = runtime.object().map("ne_peers");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(map.keySize(), 8);
            MemorySegment next = arena.allocate(map.keySize(), 8);
            MemorySegment prev = MemorySegment.NULL;
            while (map.nextKey(prev, next)) {
                long[] v = peerSums.sum(next.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                if (v != null) {
                    long[] acc = sums.computeIfAbsent(NetEventDecoder.peer(next), k -> new long[5]);
                    for (int i = 0; i < 5; i++) {
                        acc[i] += v[i];
                    }
                }
                MemorySegment.copy(next, 0, key, 0, key.byteSize());
                prev = key;
            }
        }
        Map<Endpoint, PeerCounters> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(k, new PeerCounters(v[0], v[1], v[2], v[3], v[4])));
        return out;
    }

    /** The counters of {@code remote}, if the kernel has seen it. */
    public Optional<PeerCounters> peer(Endpoint remote) {
        return Optional.ofNullable(peers().get(remote));
    }

    /** Drops so far per reason (reasons with no drops left out). */
    public Map<DropReason, Long> drops() {
        Map<DropReason, Long> out = new TreeMap<>(java.util.Comparator.comparingInt(DropReason::code));
        long[][] all = dropSums.sumArray(DROP_SLOTS);
        for (int code = 0; code < DROP_SLOTS; code++) {
            if (all[code][0] != 0) {
                out.put(decoder.dropReason(code), all[code][0]);
            }
        }
        return out;
    }

    /** Drops so far with the reason called {@code name} (e.g. "NO_SOCKET"); 0 for a name this kernel lacks. */
    public long drops(String name) {
        int code = dropNames.value(name);
        return code < 0 || code >= DROP_SLOTS ? 0 : dropSums.sum(code)[0];
    }

    /** This kernel's drop reason names by value (empty without kernel BTF). */
    public Map<Integer, String> dropReasonNames() {
        return dropNames.all();
    }

    /** Events the ring buffer had no room for. */
    public long lostEvents() {
        return lost.sum(0)[0];
    }

    /** Which kinds become events from now on. */
    public void setEvents(Set<NetEventKind> kinds) {
        int m = mask(kinds);
        runtime.updateConfig(c -> new NeConfig(m, c.flags()));
    }

    /** Adds {@code kinds} to the kinds that become events, keeping those already enabled. */
    public void enableEvents(Set<NetEventKind> kinds) {
        int m = mask(kinds);
        runtime.updateConfig(c -> new NeConfig(c.eventMask() | m, c.flags()));
    }

    /** Whether every state change becomes an event (otherwise only ESTABLISHED to CLOSE). */
    public void setAllStateChanges(boolean all) {
        runtime.updateConfig(c -> new NeConfig(c.eventMask(), flag(c.flags(), FLAG_ALL_STATES, all)));
    }

    /** Whether drops with reason NOT_SPECIFIED become events too (they are always counted). */
    public void setUnspecifiedDrops(boolean on) {
        runtime.updateConfig(c -> new NeConfig(c.eventMask(), flag(c.flags(), FLAG_UNSPECIFIED_DROPS, on)));
    }

    private static int flag(int flags, int bit, boolean on) {
        return on ? flags | bit : flags & ~bit;
    }

    /** Adds a listener (called on the reader thread); enable its kinds with {@link #setEvents}. */
    public void addListener(NetEventListener listener) {
        runtime.addListener(listener);
    }

    /** Removes a listener added before. */
    public void removeListener(NetEventListener listener) {
        runtime.removeListener(listener);
    }

    /** Detaches, stops the reader thread, unloads. Idempotent. */
    @Override
    public void close() {
        runtime.close();
    }

    static int mask(Set<NetEventKind> kinds) {
        int m = 0;
        for (NetEventKind k : kinds) {
            m |= k.bit();
        }
        return m;
    }

    /** Builds {@link NetEvents}. */
    public static final class Builder {
        private final Set<NetTracepoint> tracepoints = EnumSet.allOf(NetTracepoint.class);
        private final List<NetEventListener> listeners = new ArrayList<>();
        private final Set<NetEventKind> listenedKinds = EnumSet.noneOf(NetEventKind.class);
        private Set<NetEventKind> events;
        private boolean allStates;
        private boolean unspecifiedDrops;
        private long[] netns;
        private NetAttachPath path;

        private Builder() {}

        /**
         * Forces an attach path (default: {@link NetAttachPath#RAW_TRACEPOINT} where the kernel has raw
         * tracepoints, which need no tracefs; {@link NetAttachPath#TRACEPOINT} otherwise).
         */
        public Builder attachPath(NetAttachPath path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Delivers only events of the network namespaces with these inodes ({@link
         * io.ebpf4j.netns.NetNs#inode(String)}, {@link io.ebpf4j.netns.NetNs#currentInode()}); null or
         * empty (the default) for every namespace on the host. Filtered in Java before listeners;
         * {@link NetEvents#peers()} and {@link NetEvents#drops()} still count every namespace.
         */
        public Builder netns(Set<Long> inodes) {
            this.netns = sortedInodes(inodes);
            return this;
        }

        /** The tracepoints to use (default: all). */
        public Builder tracepoints(Set<NetTracepoint> which) {
            if (which.isEmpty()) {
                throw new IllegalArgumentException("no tracepoints to use");
            }
            tracepoints.clear();
            tracepoints.addAll(which);
            return this;
        }

        /** Which kinds become events (default: the kinds the listeners added here listen to). */
        public Builder events(Set<NetEventKind> kinds) {
            this.events = EnumSet.noneOf(NetEventKind.class);
            this.events.addAll(kinds);
            return this;
        }

        /** A listener for every kind (turns all kinds on unless {@link #events} says otherwise). */
        public Builder listener(NetEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            listenedKinds.addAll(EnumSet.allOf(NetEventKind.class));
            return this;
        }

        /** A listener for retransmits. */
        public Builder onRetransmit(Consumer<NetEvent.Retransmit> listener) {
            return typed(NetEvent.Retransmit.class, listener, NetEventKind.RETRANSMIT);
        }

        /** A listener for resets, sent and received. */
        public Builder onReset(Consumer<NetEvent.Reset> listener) {
            return typed(NetEvent.Reset.class, listener, NetEventKind.RESET_SENT, NetEventKind.RESET_RECEIVED);
        }

        /** A listener for state changes (ESTABLISHED to CLOSE unless {@link #allStateChanges}). */
        public Builder onStateChange(Consumer<NetEvent.StateChange> listener) {
            return typed(NetEvent.StateChange.class, listener, NetEventKind.STATE_CHANGE);
        }

        /** A listener for drops (not NOT_SPECIFIED ones unless {@link #unspecifiedDrops}). */
        public Builder onDrop(Consumer<NetEvent.Drop> listener) {
            return typed(NetEvent.Drop.class, listener, NetEventKind.DROP);
        }

        private <T extends NetEvent> Builder typed(Class<T> type, Consumer<T> listener, NetEventKind... kinds) {
            Objects.requireNonNull(listener, "listener");
            listeners.add(e -> {
                if (type.isInstance(e)) {
                    listener.accept(type.cast(e));
                }
            });
            listenedKinds.addAll(List.of(kinds));
            return this;
        }

        /** Every state change becomes an event, not only ESTABLISHED to CLOSE (default false). */
        public Builder allStateChanges(boolean all) {
            this.allStates = all;
            return this;
        }

        /** Drops with reason NOT_SPECIFIED become events too (default false; they are always counted). */
        public Builder unspecifiedDrops(boolean on) {
            this.unspecifiedDrops = on;
            return this;
        }

        int eventMask() {
            return mask(events != null ? events : listenedKinds);
        }

        /**
         * Loads, attaches what this kernel has, starts the reader thread.
         *
         * @throws io.ebpf4j.kernel.BpfException (EPERM) naming the privilege this process lacks (the right
         *         to load BPF programs, CAP_PERFMON), or when none of the tracepoints can be used (each with its reason)
         */
        public NetEvents build() {
            return new NetEvents(this);
        }
    }
}
