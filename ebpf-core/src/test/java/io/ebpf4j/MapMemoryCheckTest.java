package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A map too large for the machine is refused before the kernel sees it (the kernel would allocate it
 * and the OOM killer would take the JVM: a fuzzed object once did exactly that).
 */
@RequiresKernel(KernelFeature.BPF_SYSCALL)
class MapMemoryCheckTest {
    @Test
    void aMapLargerThanHalfTheAvailableMemoryIsRefusedWithItsName() {
        ObjectSpec spec = ObjectSpec.open(Fixtures.bytes("maps_all"), "maps_all");
        ObjectMapSpec array = spec.maps().stream().filter(m -> m.type() == MapType.ARRAY && !m.isInternal())
                .findFirst().orElseThrow();
        array.setMaxEntries(Integer.MAX_VALUE);
        BpfException e = assertThrows(BpfException.class, spec::load);
        assertEquals(12, e.errnoNumber());
        assertTrue(e.getMessage().contains(array.name()) && e.getMessage().contains("kernel memory"), e.getMessage());
    }

    @Test
    void estimatesFollowTheMapLayout() {
        ObjectSpec spec = ObjectSpec.open(Fixtures.bytes("maps_all"), "maps_all");
        for (ObjectMapSpec m : spec.maps()) {
            long e = MapMemoryCheck.estimate(m);
            assertTrue(e >= 0, m + " -> " + e);
            if (m.type() == MapType.ARRAY) {
                assertEquals((long) m.maxEntries() * ((m.valueSize() + 7) & ~7), e, m.toString());
            }
        }
    }
}
