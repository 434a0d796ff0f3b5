package io.ebpf4j.validate;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.internal.elf.ElfFile;
import io.ebpf4j.testutil.Fixtures;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Objects mutated where the linker looks (code, relocations, symbols, BTF) are linked and validated,
 * or refused with a {@link BpfException} (or {@link IllegalArgumentException} from the spec): never
 * another exception. Loads nothing.
 */
class LinkerFuzzTest {
    private static final List<String> FIXTURES = List.of("policy_violations", "tracing", "maps_all", "globals");

    /** Byte ranges [from, to) of the sections the linker reads. */
    private static List<int[]> ranges(byte[] elf) {
        ElfFile f = ElfFile.parse(elf);
        List<int[]> out = new ArrayList<>();
        for (ElfFile.Section s : f.sections()) {
            if (s.size() > 0 && (s.executable() || s.type() == ElfFile.SHT_REL || s.type() == ElfFile.SHT_SYMTAB
                    || s.name().equals(".BTF"))) {
                out.add(new int[] {s.offset(), s.offset() + s.size()});
            }
        }
        return out;
    }

    @Property(tries = 1500)
    void mutatedObjectsLinkOrAreRefusedCleanly(@ForAll("mutations") Tuple.Tuple2<String, int[]> mutation) {
        byte[] elf = Fixtures.bytes(mutation.get1()).clone();
        List<int[]> ranges = ranges(elf);
        for (int r : mutation.get2()) {
            int[] range = ranges.get(Math.floorMod(r, ranges.size()));
            int at = range[0] + Math.floorMod(r >>> 4, range[1] - range[0]);
            elf[at] = (byte) (elf[at] ^ (1 + Math.floorMod(r >>> 12, 255)));
        }
        ObjectSpec spec;
        try {
            spec = ObjectSpec.open(elf, "fuzz");
        } catch (BpfException | IllegalArgumentException refused) {
            return;
        }
        try {
            ObjectPrograms programs = spec.linkedPrograms();
            Validator validator = Validator.defaults();
            for (ProgramSpec p : spec.programs()) {
                try {
                    validator.validate(programs.link(p.name()).input());
                } catch (BpfException refused) {
                    // a call to nowhere: refused with a reason
                }
            }
        } catch (BpfException refused) {
            // the ELF cannot be read for linking
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, int[]>> mutations() {
        return Combinators.combine(Arbitraries.of(FIXTURES),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(1).ofMaxSize(6))
                .as(Tuple::of);
    }
}
