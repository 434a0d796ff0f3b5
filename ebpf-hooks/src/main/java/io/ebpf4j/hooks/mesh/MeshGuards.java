package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Layouts.Binding;
import io.ebpf4j.hooks.mesh.Layouts.Config;
import io.ebpf4j.hooks.mesh.Layouts.GuardCountersValue;
import io.ebpf4j.hooks.mesh.Layouts.ProbeKeysValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The mesh filter's datapath guards, changed at run time through its maps (no reload, no detach):
 *
 * <ul>
 *   <li><b>Probe authentication.</b> Probes carry a SipHash-2-4 MAC ({@link ProbePayload}) made with a
 *       per-mesh key ({@link #meshKeys}) or a per-pair key ({@link #peerKeys}, preferred: a compromised
 *       peer then holds only the keys of its own links). The prober signs requests; the responder
 *       verifies them and signs its replies with the same key in XDP; the prober's XDP verifies the
 *       reply, and counts each sequence number once (a replay window of 64). While authentication is
 *       required ({@link #requireProbeAuth}) an unverified request is not answered and an unverified,
 *       replayed or stale reply is not counted: forged replies cannot hide loss or invent RTT. Keys
 *       sign and verify as soon as they are set, before any node requires them, so a mesh turns
 *       authentication on without losing a probe.</li>
 *   <li><b>Answer budget.</b> Probe requests answered per source identity and second ({@link AnswerLimit}).</li>
 *   <li><b>Identity bindings.</b> An identity's frames must arrive on an interface and from a neighbour
 *       MAC ({@link IdentityBinding}).</li>
 * </ul>
 *
 * <p>Per-peer keys and bindings may be set before the peer is registered; they are written before
 * its prefixes point at its number, and removed with it. Every drop is counted per identity
 * ({@link #counters(int)}, {@link Counters#droppedGuard()}). Thread-safe: it shares the identity
 * registry's lock.
 */
public final class MeshGuards {
    private final MeshMaps maps;
    private final IdentityRegistry registry;
    private final Map<SpiffeId, ProbeKeys> peerKeys = new HashMap<>();
    private final Map<SpiffeId, IdentityBinding> bindings = new HashMap<>();
    /** Identities whose binding entry is in the kernel (their policy value carries the bound flag). */
    private final java.util.Set<SpiffeId> written = new java.util.HashSet<>();
    private boolean required;
    private ProbeKeys meshKeys;
    private AnswerLimit limit;
    /** Signing key by identity number (0: the mesh-wide one), read by the prober on every send. */
    private volatile Map<Integer, ProbeKey> signers = Map.of();

    MeshGuards(MeshMaps maps, IdentityRegistry registry, boolean required, ProbeKeys meshKeys, AnswerLimit limit) {
        this.maps = maps;
        this.registry = registry;
        this.required = required;
        this.meshKeys = meshKeys;
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** Writes the mesh-wide keys, then the configuration (before the program sees a packet). */
    void install() {
        synchronized (registry) {
            writeMeshKeys();
            writeConfig();
            registry.guards(this);
            refreshSigners();
        }
    }

    /**
     * Sets the mesh-wide probe keys (for every peer without keys of its own); {@code null} removes
     * them. A change takes effect at once for both sending and checking: rotate through a step where
     * every node holds both keys ({@link ProbeKeys}).
     */
    public void meshKeys(ProbeKeys keys) {
        synchronized (registry) {
            meshKeys = keys;
            writeMeshKeys();
            refreshSigners();
        }
    }

    /** The mesh-wide keys, if any. */
    public Optional<ProbeKeys> meshKeys() {
        synchronized (registry) {
            return Optional.ofNullable(meshKeys);
        }
    }

    /**
     * Sets the probe keys of the link to {@code peer} (the same on both nodes of the pair);
     * {@code null}: the peer uses the mesh-wide keys again.
     */
    public void peerKeys(SpiffeId peer, ProbeKeys keys) {
        Objects.requireNonNull(peer, "peer");
        synchronized (registry) {
            if (keys == null) {
                peerKeys.remove(peer);
            } else {
                peerKeys.put(peer, keys);
            }
            OptionalInt n = registry.identity(peer);
            if (n.isPresent()) {
                writePeerKeys(peer, n.getAsInt());
            }
            refreshSigners();
        }
    }

    /** Every peer with keys of its own (set, or adopted from a pinned filter), with them. */
    public Map<SpiffeId, ProbeKeys> peerKeys() {
        synchronized (registry) {
            return Map.copyOf(peerKeys);
        }
    }

    /** The keys of the link to {@code peer}, if it has its own. */
    public Optional<ProbeKeys> peerKeys(SpiffeId peer) {
        synchronized (registry) {
            return Optional.ofNullable(peerKeys.get(peer));
        }
    }

    /**
     * Requires (or stops requiring) authenticated probes: an unverified request is not answered, an
     * unverified reply is not counted. Set the keys first (everywhere, for a running mesh).
     */
    public void requireProbeAuth(boolean on) {
        synchronized (registry) {
            required = on;
            writeConfig();
        }
    }

    /** Whether probes must be authenticated. */
    public boolean probeAuthRequired() {
        synchronized (registry) {
            return required;
        }
    }

    /** Sets the answer budget per source identity; the buckets keep their state. */
    public void answerLimit(AnswerLimit l) {
        synchronized (registry) {
            limit = Objects.requireNonNull(l, "limit");
            writeConfig();
        }
    }

    /** The answer budget. */
    public AnswerLimit answerLimit() {
        synchronized (registry) {
            return limit;
        }
    }

    /** Binds {@code peer}'s frames to an interface and neighbour MAC; {@code null} unbinds it. */
    public void bind(SpiffeId peer, IdentityBinding binding) {
        Objects.requireNonNull(peer, "peer");
        synchronized (registry) {
            if (binding == null) {
                bindings.remove(peer);
            } else {
                bindings.put(peer, binding);
            }
            OptionalInt n = registry.identity(peer);
            if (n.isPresent()) {
                writeBinding(peer, n.getAsInt());
            }
        }
    }

    /** The binding of {@code peer}, if any. */
    public Optional<IdentityBinding> binding(SpiffeId peer) {
        synchronized (registry) {
            return Optional.ofNullable(bindings.get(peer));
        }
    }

    /** What the guards counted for numeric identity {@code identity} (0: unknown sources). */
    public GuardCounters counters(int identity) {
        if (identity < 0 || identity >= maps.capacity) {
            throw new IllegalArgumentException("identity " + identity + " out of 0.." + (maps.capacity - 1));
        }
        return maps.guards.get(identity).map(GuardCounters::sum).orElse(GuardCounters.ZERO);
    }

    /** What the guards counted for {@code peer} (zero when it is not registered). */
    public GuardCounters counters(SpiffeId peer) {
        OptionalInt n = registry.identity(peer);
        return n.isPresent() ? counters(n.getAsInt()) : GuardCounters.ZERO;
    }

    /** The key a request to numeric identity {@code identity} is signed with; empty: sent unsigned. */
    Optional<ProbeKey> signingKey(int identity) {
        Map<Integer, ProbeKey> s = signers;
        ProbeKey k = s.get(identity);
        return Optional.ofNullable(k != null ? k : s.get(0));
    }

    /** A new number for {@code id}: fresh counters, window and bucket; its keys and binding if set. */
    void registered(SpiffeId id, int number) {
        maps.guards.putAllCpus(number, GuardCountersValue.ZERO);
        maps.windows.put(number, new byte[MeshMaps.WINDOW_SIZE]);
        maps.buckets.put(number, new byte[MeshMaps.BUCKET_SIZE]);
        writePeerKeys(id, number);
        writeBinding(id, number);
        refreshSigners();
    }

    /** {@code id} gave up {@code number} (its prefixes are gone): nothing of its stays with the number. */
    void removed(SpiffeId id, int number) {
        maps.keys.delete(number);
        written.remove(id); // the registry wrote its policy unflagged already
        maps.bindings.delete(number);
        refreshSigners();
    }

    /** After adoption: the keys and bindings a previous filter left for the adopted identities. */
    void adopt() {
        synchronized (registry) {
            for (Map.Entry<Integer, SpiffeId> e : registry.identities().entrySet()) {
                maps.keys.get(e.getKey()).flatMap(MeshGuards::keysOf).ifPresent(k -> peerKeys.put(e.getValue(), k));
                maps.bindings.get(e.getKey()).flatMap(MeshGuards::bindingOf).ifPresent(b -> {
                    bindings.put(e.getValue(), b);
                    written.add(e.getValue());
                });
            }
            refreshSigners();
        }
    }

    private void writeMeshKeys() {
        if (meshKeys == null) {
            maps.keys.delete(0);
        } else {
            maps.keys.put(0, ProbeKeysValue.of(meshKeys));
        }
    }

    private void writeConfig() {
        maps.config.put(0, new Config(required ? Config.PROBE_AUTH : 0, limit.perSecond(), limit.burst(), 0));
    }

    private void writePeerKeys(SpiffeId id, int number) {
        ProbeKeys k = peerKeys.get(id);
        if (k == null) {
            maps.keys.delete(number);
        } else {
            maps.keys.put(number, ProbeKeysValue.of(k));
        }
    }

    /**
     * Brings {@code id}'s binding entry in line: written before its policy is flagged as bound, and
     * the flag cleared before the entry is deleted (the program looks a binding up only when flagged).
     */
    private void writeBinding(SpiffeId id, int number) {
        IdentityBinding b = bindings.get(id);
        if (b == null) {
            if (written.remove(id)) {
                registry.rewritePolicy(id);
            }
            maps.bindings.delete(number);
        } else {
            maps.bindings.put(number, Binding.of(b));
            if (written.add(id)) {
                registry.rewritePolicy(id);
            }
        }
    }

    /** Whether {@code id}'s binding entry is written (its policy carries the bound flag). */
    boolean bindingWritten(SpiffeId id) {
        return written.contains(id);
    }

    private void refreshSigners() {
        Map<Integer, ProbeKey> s = new HashMap<>();
        if (meshKeys != null) {
            s.put(0, meshKeys.signing());
        }
        peerKeys.forEach((id, k) -> registry.identity(id).ifPresent(n -> s.put(n, k.signing())));
        signers = Map.copyOf(s);
    }

    private static Optional<ProbeKeys> keysOf(ProbeKeysValue v) {
        int count = v.count();
        if (count < 1 || count > ProbeKeys.MAX) {
            return Optional.empty();
        }
        ProbeKey first = new ProbeKey(v.id()[0] & 0xff, secret(v.word(0), v.word(1)));
        return Optional.of(count == 1 ? ProbeKeys.of(first)
                : new ProbeKeys(List.of(first, new ProbeKey(v.id()[1] & 0xff, secret(v.word(2), v.word(3))))));
    }

    private static byte[] secret(long k0, long k1) {
        byte[] b = new byte[ProbeKey.LENGTH];
        SipHash.putLe64(b, 0, k0);
        SipHash.putLe64(b, 8, k1);
        return b;
    }

    private static Optional<IdentityBinding> bindingOf(Binding b) {
        boolean mac = (b.flags() & Binding.MAC) != 0;
        if (b.ifindex() == 0 && !mac) {
            return Optional.empty();
        }
        return Optional.of(new IdentityBinding(b.ifindex(), mac ? Optional.of(b.mac()) : Optional.empty(),
                (b.flags() & Binding.DROP) != 0));
    }
}
