package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Layouts.Policy;
import io.ebpf4j.hooks.mesh.Layouts.PortKey;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPIFFE IDs mapped to numeric identities and to the address prefixes ({@link Cidr}) their traffic
 * comes from, with an allow/deny policy per identity (and optionally per protocol and port), kept in
 * the mesh filter's kernel maps while the program runs.
 *
 * <p>Changes never leave a gap a packet could fall through: a new identity's counters and policy are
 * written before any prefix points at it; new prefixes are added before old ones are removed (a
 * prefix claimed by another identity is taken over with one atomic map update); a removed identity
 * loses its prefixes before its policy; a port rule is written before the identity is flagged as
 * having port rules, and unflagged before the last rule goes. Policies can be set before the identity
 * is registered; they apply from its registration on.
 *
 * <p>Identities are 1 .. {@link MeshFilter#identityCapacity()} - 1; a removed identity's number is
 * reused (with zeroed counters) only after the others are used up. Thread-safe (one lock).
 *
 * <p>A pinned filter ({@link MeshFilter.Builder#pinDir}) also keeps each identity's SPIFFE ID in a
 * pinned map (written before anything points at the number, removed last). A filter that adopts a
 * running datapath starts with what the kernel holds: every identity with its number, prefixes,
 * policy and port rules, listed by {@link #adopted()}. They stay in force until replaced: registering
 * an adopted identity again keeps its number (its counters continue) and its policy and rules, and
 * changes its prefixes as any registration does, without a gap; what the new configuration no longer
 * has is removed with {@link #remove} (or changed with the policy calls).
 */
public final class IdentityRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRegistry.class);

    private record Entry(int number, Set<Cidr> cidrs) {}

    private final MeshMaps maps;
    private final Map<SpiffeId, Entry> entries = new HashMap<>();
    private final Map<Integer, SpiffeId> numbers = new TreeMap<>();
    private final Map<Cidr, SpiffeId> owners = new HashMap<>();
    private final Map<SpiffeId, Action> policies = new HashMap<>();
    private final Map<SpiffeId, Map<PortRule, Action>> portRules = new HashMap<>();
    private final Deque<Integer> freed = new ArrayDeque<>();
    private final Set<SpiffeId> adopted = new HashSet<>();
    /** Numbers the kernel maps use without a known SPIFFE ID (after adoption): never allocated. */
    private final Set<Integer> reserved = new HashSet<>();
    private int next = 1;
    private MeshGuards guards; // per-identity guard state, written with each new number

    IdentityRegistry(MeshMaps maps) {
        this.maps = maps;
    }

    /** The guards whose per-identity state follows registrations and removals. */
    synchronized void guards(MeshGuards g) {
        this.guards = g;
    }

    /**
     * Registers {@code id} with the prefixes its traffic comes from, or replaces the prefixes of an
     * identity already registered (gaplessly). Returns its numeric identity.
     *
     * @throws IllegalStateException when all identity numbers are in use
     */
    public synchronized int register(SpiffeId id, Collection<Cidr> cidrs) {
        Objects.requireNonNull(id, "id");
        Set<Cidr> wanted = new LinkedHashSet<>(Objects.requireNonNull(cidrs, "cidrs"));
        wanted.forEach(c -> Objects.requireNonNull(c, "a CIDR is null"));
        Entry e = entries.get(id);
        if (e == null) {
            int number = allocate(id);
            if (maps.names != null) {
                maps.names.put(number, id); // named before anything points at it
            }
            maps.peerCounters.putAllCpus(number, Layouts.PeerCounters.ZERO);
            maps.probeStats.putAllCpus(number, Layouts.ProbeStatsValue.ZERO);
            e = new Entry(number, new LinkedHashSet<>());
            entries.put(id, e);
            numbers.put(number, id);
            writePolicy(id, number);
            if (guards != null) {
                guards.registered(id, number); // keys and binding before any prefix points at the number
            }
        }
        for (Cidr c : wanted) { // add (or take over) first ...
            trie(c).put(c, e.number()); // kernel first: a full map leaves the Java view unchanged for c
            SpiffeId previous = owners.put(c, id);
            if (previous != null && !previous.equals(id)) {
                entries.get(previous).cidrs().remove(c);
                LOG.info("prefix {} moves from {} to {}", c, previous, id);
            }
            e.cidrs().add(c);
        }
        for (Cidr c : Set.copyOf(e.cidrs())) { // ... then remove what is no longer wanted
            if (!wanted.contains(c)) {
                trie(c).delete(c);
                owners.remove(c);
                e.cidrs().remove(c);
            }
        }
        adopted.remove(id);
        return e.number();
    }

    /** {@link #register(SpiffeId, Collection)} with prefixes given as text ({@code "10.0.0.0/24"}). */
    public int register(SpiffeId id, String... cidrs) {
        return register(id, java.util.Arrays.stream(cidrs).map(Cidr::parse).toList());
    }

    /**
     * Removes {@code id}: its prefixes first (their traffic becomes unknown-source traffic under the
     * default action), then its policy. Its policy setting is kept for a later registration.
     *
     * @return whether it was registered
     */
    public synchronized boolean remove(SpiffeId id) {
        Entry e = entries.remove(Objects.requireNonNull(id, "id"));
        adopted.remove(id);
        if (e == null) {
            return false;
        }
        for (Cidr c : e.cidrs()) {
            trie(c).delete(c);
            owners.remove(c);
        }
        maps.policy.put(e.number(), Policy.of(0, false, false)); // unflagged before guards.removed deletes the binding
        if (guards != null) {
            guards.removed(id, e.number());
        }
        for (PortRule k : portRules.getOrDefault(id, Map.of()).keySet()) {
            maps.portPolicy.delete(PortKey.of(e.number(), k.protocol(), k.port()));
        }
        if (maps.names != null) {
            maps.names.delete(e.number()); // unnamed last
        }
        numbers.remove(e.number());
        freed.addLast(e.number());
        return true;
    }

    /** The numeric identity of {@code id}, if registered. */
    public synchronized OptionalInt identity(SpiffeId id) {
        Entry e = entries.get(id);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.number());
    }

    /** The SPIFFE ID registered under {@code identity}. */
    public synchronized Optional<SpiffeId> spiffeId(int identity) {
        return Optional.ofNullable(numbers.get(identity));
    }

    /** The prefixes of {@code id} (empty when unregistered). */
    public synchronized Set<Cidr> cidrs(SpiffeId id) {
        Entry e = entries.get(id);
        return e == null ? Set.of() : Set.copyOf(e.cidrs());
    }

    /** Every registered identity by number. */
    public synchronized Map<Integer, SpiffeId> identities() {
        return Map.copyOf(numbers);
    }

    /** The identity whose longest prefix contains {@code address}, as the kernel would resolve it. */
    public synchronized Optional<SpiffeId> resolve(InetAddress address) {
        Cidr full = Cidr.of(address);
        Cidr best = null;
        for (Cidr c : owners.keySet()) {
            if (c.contains(full) && (best == null || c.prefixLength() > best.prefixLength())) {
                best = c;
            }
        }
        return best == null ? Optional.empty() : Optional.of(owners.get(best));
    }

    /** Rewrites the policy value of {@code id} (after its binding entry was written, or before it goes). */
    synchronized void rewritePolicy(SpiffeId id) {
        Entry e = entries.get(id);
        if (e != null) {
            maps.policy.put(e.number(), policyValue(id));
        }
    }

    /** The policy set for {@code id} (empty: the default action applies). */
    public synchronized Optional<Action> policy(SpiffeId id) {
        return Optional.ofNullable(policies.get(id));
    }

    synchronized void setPolicy(SpiffeId id, Action action) {
        Objects.requireNonNull(id, "id");
        if (action == null) {
            policies.remove(id);
        } else {
            policies.put(id, action);
        }
        Entry e = entries.get(id);
        if (e != null) {
            maps.policy.put(e.number(), policyValue(id));
        }
    }

    /** The port rules set for {@code id} (empty when none). */
    public synchronized Map<PortRule, Action> portRules(SpiffeId id) {
        return Map.copyOf(portRules.getOrDefault(id, Map.of()));
    }

    /**
     * The identities taken over from the pinned datapath this filter adopted that have not been
     * registered again (nor removed) since: what the new configuration did not mention yet. Empty for
     * a filter that adopted nothing.
     */
    public synchronized Set<SpiffeId> adopted() {
        return Set.copyOf(adopted);
    }

    synchronized void setPortRule(SpiffeId id, IpProtocol protocol, int port, Action action) {
        Objects.requireNonNull(id, "id");
        PortRule key = new PortRule(protocol, port);
        Map<PortRule, Action> rules = portRules.computeIfAbsent(id, k -> new HashMap<>());
        Entry e = entries.get(id);
        if (action != null) {
            rules.put(key, action);
            if (e != null) {
                maps.portPolicy.put(PortKey.of(e.number(), protocol, port), action.code());
                maps.policy.put(e.number(), policyValue(id)); // flag after the rule exists
            }
            return;
        }
        if (rules.remove(key) == null) {
            return;
        }
        if (rules.isEmpty()) {
            portRules.remove(id);
        }
        if (e != null) {
            maps.policy.put(e.number(), policyValue(id)); // unflag before the last rule goes
            maps.portPolicy.delete(PortKey.of(e.number(), protocol, port));
        }
    }

    /**
     * Takes over what a pinned datapath holds, before anything is registered: every named identity
     * with its prefixes, policy and port rules. Reads only; the kernel keeps deciding as before.
     */
    synchronized void adopt() {
        if (maps.names == null || !entries.isEmpty()) {
            throw new IllegalStateException("adopting needs a pinned filter and an empty registry");
        }
        for (Map.Entry<Integer, SpiffeId> n : maps.names.entries()) {
            int number = n.getKey();
            if (number <= 0 || number >= maps.capacity || entries.containsKey(n.getValue())) {
                LOG.warn("pinned identity name {} -> {} is out of range or a duplicate: ignored", number, n.getValue());
                continue;
            }
            entries.put(n.getValue(), new Entry(number, new LinkedHashSet<>()));
            numbers.put(number, n.getValue());
            adopted.add(n.getValue());
        }
        adoptPrefixes(maps.ipv4);
        adoptPrefixes(maps.ipv6);
        for (Map.Entry<Integer, SpiffeId> n : numbers.entrySet()) {
            maps.policy.get(n.getKey()).flatMap(p -> Action.ofCode(p.action()))
                    .ifPresent(a -> policies.put(n.getValue(), a));
        }
        for (Map.Entry<PortKey, Integer> r : maps.portPolicy.entries()) {
            int number = r.getKey().identity();
            SpiffeId id = numbers.get(number);
            Optional<IpProtocol> protocol = IpProtocol.ofNumber(r.getKey().protocol() & 0xff);
            Optional<Action> action = Action.ofCode(r.getValue());
            if (id == null || protocol.isEmpty() || action.isEmpty()) {
                reserved.add(number);
                LOG.warn("pinned port rule {} -> {} has no known identity, protocol or action: left in the kernel", r.getKey(),
                        r.getValue());
                continue;
            }
            portRules.computeIfAbsent(id, k -> new HashMap<>())
                    .put(new PortRule(protocol.get(), r.getKey().port() & 0xffff), action.get());
        }
        int highest = Math.max(numbers.keySet().stream().mapToInt(Integer::intValue).max().orElse(0),
                reserved.stream().mapToInt(Integer::intValue).max().orElse(0));
        next = highest + 1;
        for (int i = 1; i < next; i++) {
            if (!numbers.containsKey(i) && !reserved.contains(i)) {
                freed.addLast(i);
            }
        }
        LOG.info("adopted {} identities ({} prefixes) from the pinned mesh filter", entries.size(), owners.size());
    }

    private void adoptPrefixes(io.ebpf4j.map.LpmTrie<Integer> trie) {
        for (Map.Entry<Cidr, Integer> p : trie.entries()) {
            SpiffeId id = numbers.get(p.getValue());
            if (id == null) {
                reserved.add(p.getValue());
                LOG.warn("pinned prefix {} points at identity {}, which has no pinned SPIFFE ID: left in the kernel until a "
                        + "registration takes the prefix over", p.getKey(), p.getValue());
                continue;
            }
            entries.get(id).cidrs().add(p.getKey());
            owners.put(p.getKey(), id);
        }
    }

    private void writePolicy(SpiffeId id, int number) {
        for (Map.Entry<PortRule, Action> r : portRules.getOrDefault(id, Map.of()).entrySet()) {
            maps.portPolicy.put(PortKey.of(number, r.getKey().protocol(), r.getKey().port()), r.getValue().code());
        }
        maps.policy.put(number, policyValue(id));
    }

    private Policy policyValue(SpiffeId id) {
        Action a = policies.get(id);
        return Policy.of(a == null ? 0 : a.code(), !portRules.getOrDefault(id, Map.of()).isEmpty(),
                guards != null && guards.bindingWritten(id));
    }

    private io.ebpf4j.map.LpmTrie<Integer> trie(Cidr c) {
        return c.addressBytes() == 4 ? maps.ipv4 : maps.ipv6;
    }

    private int allocate(SpiffeId id) {
        while (next < maps.capacity && reserved.contains(next)) {
            next++;
        }
        if (next < maps.capacity) {
            return next++;
        }
        Integer reused = freed.pollFirst();
        if (reused == null) {
            throw new IllegalStateException("cannot register " + id + ": all " + (maps.capacity - 1)
                    + " identity numbers are in use; remove identities first");
        }
        return reused;
    }
}
