package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.features.KernelClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends probe requests ({@link ProbePayload}) over UDP to each target's address at the probe port,
 * at a fixed rate. Everything else happens in XDP: the peer's filter answers with XDP_TX, this
 * node's filter turns the reply into an RTT sample and drops it; neither side's socket layer sees a
 * probe except this sender's. Results are in {@link MeshFilter#stats()}; this class counts what it
 * sent. Each request is signed with the probed peer's key ({@link MeshGuards#peerKeys}), else the
 * mesh-wide key, as they are at the time it is sent (keys rotate under a running prober).
 *
 * <p>The socket is created by {@link Builder#start()} in the calling thread's network namespace
 * (call it inside {@code NetNs.run} to probe from a namespace). Sequence numbers per target continue
 * from what the filter has already seen, so loss stays consistent across probers.
 */
public final class Prober implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

    /** One probed peer. */
    private static final class Target {
        final SpiffeId id;
        final InetSocketAddress address;
        final int identity;
        final AtomicLong seq;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        Target(SpiffeId id, InetSocketAddress address, int identity, long firstSeq) {
            this.id = id;
            this.address = address;
            this.identity = identity;
            this.seq = new AtomicLong(firstSeq);
        }
    }

    private final DatagramSocket socket;
    private final Map<SpiffeId, Target> targets;
    private final int senderId;
    private final MeshGuards guards;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    private Prober(DatagramSocket socket, Map<SpiffeId, Target> targets, int senderId, MeshGuards guards,
            Duration interval) {
        this.socket = socket;
        this.targets = targets;
        this.senderId = senderId;
        this.guards = guards;
        if (interval == null) {
            this.executor = null;
        } else {
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("mesh-prober").unstarted(r));
            long nanos = interval.toNanos();
            executor.scheduleAtFixedRate(this::probeOnceQuietly, 0, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends one probe to every target now (also what each scheduled round does). */
    public synchronized void probeOnce() {
        requireOpen();
        for (Target t : targets.values()) {
            send(t);
        }
    }

    /**
     * Sends {@code count} probes to {@code id} back to back (a probe train). A train measures more
     * than single probes: over a link whose capacity collapsed, its last probes queue behind the
     * first, so the train's RTTs spread by about its size over the link's rate, even when the link
     * carries no other traffic. Replies land in the filter's statistics like any probe's.
     *
     * @throws IllegalArgumentException when {@code id} is not a target or {@code count} is not 1..1024
     */
    public synchronized void burst(SpiffeId id, int count) {
        requireOpen();
        Target t = targets.get(Objects.requireNonNull(id, "id"));
        if (t == null) {
            throw new IllegalArgumentException(id + " is not a probe target of this prober");
        }
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("a probe train has 1 to 1024 probes, not " + count);
        }
        for (int i = 0; i < count; i++) {
            send(t);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the prober is closed");
        }
    }

    private void send(Target t) {
        long seq = t.seq.getAndIncrement();
        ProbePayload request = ProbePayload.request((int) seq, senderId, t.identity, KernelClock.nanos());
        Optional<ProbeKey> key = guards.signingKey(t.identity); // the key of the link, else the mesh's, else none
        byte[] payload = (key.isPresent() ? request.signed(key.get()) : request).encode();
        try {
            socket.send(new DatagramPacket(payload, payload.length, t.address));
            t.sent.incrementAndGet();
        } catch (IOException e) {
            t.errors.incrementAndGet();
            LOG.debug("probe {} to {} ({}) not sent: {}", seq, t.id, t.address, e.toString());
        }
    }

    private void probeOnceQuietly() {
        try {
            if (!closed) {
                probeOnce();
            }
        } catch (RuntimeException e) {
            LOG.warn("probe round failed", e);
        }
    }

    /** Probes sent to {@code id} (successful sends). */
    public long sent(SpiffeId id) {
        Target t = targets.get(id);
        return t == null ? 0 : t.sent.get();
    }

    /** Probes to {@code id} the socket refused. */
    public long sendErrors(SpiffeId id) {
        Target t = targets.get(id);
        return t == null ? 0 : t.errors.get();
    }

    /** The probed peers. */
    public List<SpiffeId> targets() {
        return List.copyOf(targets.keySet());
    }

    /** Stops sending and closes the socket. Idempotent. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closed = true;
            socket.close();
        }
    }

    /** Configures a prober for a filter ({@link MeshFilter#prober()}). */
    public static final class Builder {
        private final MeshFilter filter;
        private final Map<SpiffeId, InetAddress> peers = new LinkedHashMap<>();
        private Duration interval = Duration.ofSeconds(1);

        Builder(MeshFilter filter) {
            this.filter = filter;
        }

        /** Probes {@code id} at {@code address} (which should lie in one of its registered prefixes). */
        public Builder target(SpiffeId id, InetAddress address) {
            peers.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(address, "address"));
            return this;
        }

        /** Time between rounds (default 1 s); {@code null} sends only on {@link Prober#probeOnce()}. */
        public Builder interval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("interval must be positive: " + interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * Opens the socket (in the calling thread's network namespace) and starts sending.
         *
         * @throws IllegalStateException when the filter has no probe port, or a target is not registered
         */
        public Prober start() {
            int port = filter.probePort();
            if (port == 0) {
                throw new IllegalStateException("the mesh filter was built without a probe port (MeshFilter.Builder.probePort)");
            }
            Map<SpiffeId, Target> targets = new LinkedHashMap<>();
            for (Map.Entry<SpiffeId, InetAddress> p : peers.entrySet()) {
                int identity = filter.identities().identity(p.getKey()).orElseThrow(() -> new IllegalStateException(
                        "probe target " + p.getKey() + " is not registered: register its prefixes first"));
                long first = filter.probeStats(identity).expected();
                targets.put(p.getKey(), new Target(p.getKey(), new InetSocketAddress(p.getValue(), port), identity, first));
            }
            try {
                return new Prober(new DatagramSocket(), targets, filter.nodeTag(), filter.guards(), interval);
            } catch (SocketException e) {
                throw new UncheckedIOException("opening the probe socket", e);
            }
        }
    }
}
