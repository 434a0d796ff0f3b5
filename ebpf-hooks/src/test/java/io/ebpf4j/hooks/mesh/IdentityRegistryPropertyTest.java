package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.LpmTrie;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random register / remove / policy sequences: afterwards the kernel's tries and policy array hold
 * exactly what the registry says (prefix to the identity that claimed it last, policy per identity).
 */
class IdentityRegistryPropertyTest {
    private static final List<SpiffeId> IDS = List.of(SpiffeId.parse("spiffe://t/a"), SpiffeId.parse("spiffe://t/b"),
            SpiffeId.parse("spiffe://t/c"));
    private static final List<Cidr> POOL = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16"),
            Cidr.parse("10.1.2.3/32"), Cidr.parse("192.168.0.0/24"), Cidr.parse("fd00::/8"), Cidr.parse("fd00:1::/64"),
            Cidr.parse("2001:db8::1/128"));

    record Op(int kind, int id, Set<Integer> cidrs) {}

    @Property(tries = 60)
    void kernelMapsFollowTheRegistry(@ForAll("ops") List<Op> ops) {
        try (MeshFilter f = MeshFilter.builder().build()) {
            IdentityRegistry r = f.identities();
            Map<Cidr, SpiffeId> owner = new HashMap<>();
            Map<SpiffeId, Action> policy = new HashMap<>();
            for (Op op : ops) {
                SpiffeId id = IDS.get(op.id());
                switch (op.kind()) {
                    case 0, 1, 2 -> {
                        Set<Cidr> set = new HashSet<>();
                        op.cidrs().forEach(i -> set.add(POOL.get(i)));
                        r.register(id, set);
                        owner.values().removeIf(id::equals);
                        set.forEach(c -> owner.put(c, id));
                    }
                    case 3 -> {
                        r.remove(id);
                        owner.values().removeIf(id::equals);
                    }
                    default -> {
                        Action a = op.cidrs().size() % 2 == 0 ? Action.ALLOW : Action.DENY;
                        if (a == Action.ALLOW) {
                            f.allow(id);
                        } else {
                            f.deny(id);
                        }
                        policy.put(id, a);
                    }
                }
            }
            Map<Cidr, Integer> kernel = new HashMap<>();
            kernel.putAll(LpmTrie.of(f.object().map(MeshFilterObject.IPV4_IDENTITIES), Codecs.INT).toMap());
            kernel.putAll(LpmTrie.of(f.object().map(MeshFilterObject.IPV6_IDENTITIES), Codecs.INT).toMap());
            Map<Cidr, Integer> expected = new HashMap<>();
            owner.forEach((c, id) -> expected.put(c, r.identity(id).orElseThrow()));
            assertEquals(expected, kernel);
            for (SpiffeId id : IDS) {
                assertEquals(owner.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                        .collect(java.util.stream.Collectors.toSet()), r.cidrs(id));
                if (r.identity(id).isPresent()) {
                    int n = r.identity(id).getAsInt();
                    Layouts.Policy p = f.object().map(MeshFilterObject.IDENTITY_POLICY, Codecs.INT,
                            Codecs.record(Layouts.Policy.class)).get(n).orElseThrow();
                    assertEquals(policy.containsKey(id) ? policy.get(id).code() : 0, p.action(), id.toString());
                    assertEquals(id, r.spiffeId(n).orElseThrow());
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, POOL.size() - 1).set().ofMaxSize(4)).as(Op::new);
        return op.list().ofMaxSize(25);
    }
}
