package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Identity numbers in the kernel's identity-indexed arrays: all of them used, a clear error past the
 * last, reuse of removed numbers (oldest first, counters zeroed), and port rules following a removal
 * and a registration.
 */
@RequiresKernel(programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY})
class IdentityNumbersTest {
    private static SpiffeId id(int i) {
        return SpiffeId.parse("spiffe://numbers.test/w" + i);
    }

    @Test
    void everyNumberIsUsedThenTheNextRegistrationIsRefusedAndRemovedNumbersAreReused() {
        try (MeshFilter f = MeshFilter.builder().build()) {
            IdentityRegistry r = f.identities();
            int last = MeshFilterObject.DEFAULT_IDENTITY_CAPACITY - 1;
            Set<Integer> numbers = new HashSet<>();
            for (int i = 1; i <= last; i++) {
                numbers.add(r.register(id(i), List.of()));
            }
            assertEquals(last, numbers.size());
            assertEquals(1, numbers.stream().mapToInt(Integer::intValue).min().orElseThrow());
            assertEquals(last, numbers.stream().mapToInt(Integer::intValue).max().orElseThrow());

            SpiffeId extra = SpiffeId.parse("spiffe://numbers.test/extra");
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> r.register(extra, "10.9.0.0/16"));
            assertEquals("cannot register spiffe://numbers.test/extra: all " + last
                    + " identity numbers are in use; remove identities first", full.getMessage());
            assertEquals(OptionalInt.empty(), r.identity(extra), "a refused registration leaves nothing behind");
            assertEquals(last, r.identities().size());
            assertEquals(Optional.empty(), r.resolve(java.net.InetAddress.ofLiteral("10.9.1.1")));

            // counters the kernel would have kept for number 7, to see them zeroed on reuse
            MeshMaps kernel = new MeshMaps(f.object(), null);
            kernel.peerCounters.putAllCpus(7, new Layouts.PeerCounters(5, 500, 5, 0, 0, 0, 0, 0));
            assertEquals(5 * kernel.peerCounters.cpus(), f.counters(7).packets());

            assertTrue(r.remove(id(100)));
            assertTrue(r.remove(id(7)));
            assertFalse(r.remove(id(7)), "removed already");
            assertEquals(100, r.register(extra, "10.9.0.0/16"), "the number freed first is reused first");
            assertEquals(7, r.register(id(7), List.of()));
            assertEquals(0, f.counters(7).packets(), "a reused number starts from zero");
            assertEquals(Optional.of(extra), r.resolve(java.net.InetAddress.ofLiteral("10.9.1.1")));
            assertThrows(IllegalStateException.class, () -> r.register(id(100), List.of()), "full again");
        }
    }

    @Test
    void portRulesLeaveTheKernelWithTheirIdentityAndComeBackWithItsNextNumber() {
        try (MeshFilter f = MeshFilter.builder().build()) {
            IdentityRegistry r = f.identities();
            MeshMaps kernel = new MeshMaps(f.object(), null);
            SpiffeId web = id(1);
            f.rule(web, IpProtocol.TCP, 443, Action.DENY); // before registration: kept, not yet in the kernel
            assertTrue(toMap(kernel).isEmpty());
            int first = r.register(web, "10.1.0.0/16");
            assertEquals(Map.of(Layouts.PortKey.of(first, IpProtocol.TCP, 443), Action.DENY.code()), toMap(kernel));
            assertEquals(1, kernel.policy.get(first).orElseThrow().portRules(), "flagged as having port rules");

            assertTrue(r.remove(web));
            assertTrue(toMap(kernel).isEmpty(), "the removed identity's rules left the kernel");
            assertEquals(0, kernel.policy.get(first).orElseThrow().portRules());
            assertEquals(Map.of(new PortRule(IpProtocol.TCP, 443), Action.DENY), r.portRules(web),
                    "the setting is kept for a later registration");

            r.register(id(2), List.of()); // takes the next fresh number: web's comes back elsewhere
            int second = r.register(web, "10.1.0.0/16");
            assertEquals(Map.of(Layouts.PortKey.of(second, IpProtocol.TCP, 443), Action.DENY.code()), toMap(kernel));

            f.rule(web, IpProtocol.TCP, 443, null);
            f.rule(web, IpProtocol.TCP, 443, null); // removing a rule that is not there changes nothing
            assertTrue(toMap(kernel).isEmpty());
            assertEquals(0, kernel.policy.get(second).orElseThrow().portRules());
            assertEquals(Map.of(), r.portRules(web));
        }
    }

    private static Map<Layouts.PortKey, Integer> toMap(MeshMaps kernel) {
        Map<Layouts.PortKey, Integer> out = new java.util.HashMap<>();
        kernel.portPolicy.entries().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
