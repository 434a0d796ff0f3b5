package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.ETH_IP;
import static io.ebpf4j.hooks.mesh.Frames.eth;
import static io.ebpf4j.hooks.mesh.Frames.ip;
import static io.ebpf4j.hooks.mesh.Frames.ipv4;
import static io.ebpf4j.hooks.mesh.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The identity capacity of the mesh filter: every identity-indexed map gets it as max_entries, the
 * registry numbers identities 1 .. capacity - 1 and refuses the next one clearly, the last number
 * filters and counts frames like any other, bad capacities are refused by name, and a pinned
 * datapath of another capacity is refused with the remedy.
 */
@RequiresKernel(value = {KernelFeature.PROG_TEST_RUN, KernelFeature.BPFFS, KernelFeature.BPF_LINK},
        programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class IdentityCapacityTest {
    private static SpiffeId id(int i) {
        return SpiffeId.parse("spiffe://capacity.test/w" + i);
    }

    @Test
    void everyIdentityMapHasTheCapacityAndTheLastNumberFiltersAndCounts() {
        try (MeshFilter f = MeshFilter.builder().identityCapacity(8).build()) {
            assertEquals(8, f.identityCapacity());
            for (String m : MeshFilterObject.IDENTITY_MAPS) {
                assertEquals(8, f.object().map(m).info().maxEntries(), m);
            }
            assertEquals(16384, f.object().map(MeshFilterObject.IPV4_IDENTITIES).info().maxEntries(),
                    "the prefix tries are not identity-indexed");
            IdentityRegistry r = f.identities();
            for (int i = 1; i <= 6; i++) {
                r.register(id(i), List.of());
            }
            SpiffeId last = id(7);
            assertEquals(7, r.register(last, "10.7.0.0/16"));
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> r.register(id(8), "10.8.0.0/16"));
            assertEquals("cannot register spiffe://capacity.test/w8: all 7 identity numbers are in use;"
                    + " remove identities first", full.getMessage());

            byte[] frame = eth(ETH_IP, ipv4(ip("10.7.1.1"), ip("10.0.0.1"), 6, tcp(40000, 443)));
            assertEquals(2, f.program().testRun(frame, 1).returnValue(), "XDP_PASS while allowed by default");
            f.deny(last);
            assertEquals(1, f.program().testRun(frame, 1).returnValue(), "XDP_DROP once denied");
            Counters c = f.counters(7);
            assertEquals(2, c.packets(), "both frames counted for identity 7");

            IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> f.counters(8));
            assertEquals("identity 8 out of 0..7", out.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.guards().counters(8));
        }
    }

    @Test
    void theDefaultIsFourThousandNinetySix() {
        try (MeshFilter f = MeshFilter.builder().build()) {
            assertEquals(MeshFilterObject.DEFAULT_IDENTITY_CAPACITY, f.identityCapacity());
            assertEquals(4096, f.object().map(MeshFilterObject.PEER_COUNTERS).info().maxEntries());
        }
    }

    @Test
    void aCapacityOutOfRangeIsRefusedByName() {
        MeshFilter.Builder b = MeshFilter.builder();
        assertEquals("identity capacity out of 2..65536: 1",
                assertThrows(IllegalArgumentException.class, () -> b.identityCapacity(1)).getMessage());
        assertEquals("identity capacity out of 2..65536: 65537",
                assertThrows(IllegalArgumentException.class, () -> b.identityCapacity(65537)).getMessage());
    }

    @Test
    void aPinnedDatapathOfAnotherCapacityIsRefusedWithTheRemedy() throws Exception {
        Path dir = Path.of("/sys/fs/bpf", "e4j-cap-" + UUID.randomUUID());
        try {
            try (MeshFilter first = MeshFilter.builder().pinDir(dir).identityCapacity(64).build()) {
                assertEquals(64, first.identityCapacity());
            }
            BpfException e = assertThrows(BpfException.class, () -> MeshFilter.builder().pinDir(dir).build());
            String m = e.getMessage();
            assertTrue(m.contains("max_entries 64 (this filter: 4096)"), m);
            assertTrue(m.contains("another identity capacity (MeshFilter.Builder.identityCapacity: 64 pinned, 4096 asked for)"), m);
            assertTrue(m.contains("uninstall"), m);
            try (MeshFilter same = MeshFilter.builder().pinDir(dir).identityCapacity(64).build()) {
                assertTrue(same.adopted(), "the same capacity adopts what is pinned");
                assertEquals(64, same.identityCapacity());
            }
        } finally {
            MeshFilter.uninstall(dir);
            Commands.quiet("rm", "-rf", dir.toString());
        }
        assertFalse(Files.exists(dir));
    }
}
