package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.Fixtures;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Mutated object files never crash the JVM: every one either opens (and loads or is refused by the
 * kernel) or is refused with a {@link BpfException}. A crash inside libbpf would end this JVM and so
 * fail the build, which is the point of running it in-process.
 */
@RequiresKernel(KernelFeature.BPF_SYSCALL)
class MalformedObjectFuzzTest {
    private static final List<String> FIXTURES = List.of("tracing", "maps_all", "globals", "bad_verifier", "ringbuf_producer");

    @Property(tries = 400)
    void mutatedObjectsAreRefusedCleanlyOrLoad(@ForAll("mutations") Tuple.Tuple3<String, int[], Integer> mutation) {
        byte[] elf = Fixtures.bytes(mutation.get1()).clone();
        int[] positions = mutation.get2();
        for (int i = 0; i < positions.length; i++) {
            int at = Math.floorMod(positions[i], elf.length);
            elf[at] = (byte) (elf[at] ^ (1 + Math.floorMod(positions[i] >>> 8, 255)));
        }
        int cut = mutation.get3();
        if (cut > 0 && cut < elf.length) {
            elf = Arrays.copyOf(elf, elf.length - cut);
        }
        try {
            ObjectSpec spec = ObjectSpec.open(elf, "fuzz");
            spec.findProgram("fentry_openat2").ifPresent(p -> p.setAutoload(false));
            try (BpfObject obj = spec.load()) {
                obj.programs();
            }
        } catch (BpfException expected) {
            // refused with a reason: fine
        } catch (IllegalArgumentException expected) {
            // a spec value out of range: fine
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple3<String, int[], Integer>> mutations() {
        Arbitrary<String> fixture = Arbitraries.of(FIXTURES);
        Arbitrary<int[]> flips = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(1).ofMaxSize(8);
        Arbitrary<Integer> cut = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4096)));
        return Combinators.combine(fixture, flips, cut).as(Tuple::of);
    }
}
