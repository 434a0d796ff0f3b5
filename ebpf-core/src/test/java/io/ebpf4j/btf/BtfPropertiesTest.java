package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties over the kernel's BTF, with libbpf's own answers as the reference. */
class BtfPropertiesTest {

    @Provide
    Arbitrary<Integer> ids() {
        return Arbitraries.integers().between(0, BtfTestSupport.vmlinux().typeCount() - 1);
    }

    @Property(tries = 3000)
    void sizeOfAgreesWithLibbpf(@ForAll("ids") int id) {
        Btf btf = BtfTestSupport.vmlinux();
        long expected = btf.libbpfSizeOf(id);
        if (expected >= 0) {
            assertEquals(expected, btf.sizeOf(btf.type(id)), "type " + btf.type(id));
        } else {
            BpfException e = assertThrows(BpfException.class, () -> btf.sizeOf(btf.type(id)), "type " + btf.type(id));
            assertEquals(-expected, e.errnoNumber());
        }
    }

    @Property(tries = 3000)
    void alignOfAgreesWithLibbpf(@ForAll("ids") int id) {
        Btf btf = BtfTestSupport.vmlinux();
        int expected = btf.libbpfAlignOf(id);
        if (expected > 0) {
            assertEquals(expected, btf.alignOf(btf.type(id)), "type " + btf.type(id));
        } else {
            assertThrows(BpfException.class, () -> btf.alignOf(btf.type(id)), "type " + btf.type(id));
        }
    }

    @Property(tries = 1000)
    void everyTypePrintsAsC(@ForAll("ids") int id) {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType t = btf.type(id);
        CPrinter p = CPrinter.of(btf);
        assertFalse(p.print(t).isBlank());
        assertFalse(p.typeName(id).isBlank());
    }

    @Provide
    Arbitrary<BtfType> namedDefinitions() {
        Btf btf = BtfTestSupport.vmlinux();
        List<BtfType> defs = btf.types().filter(BtfType::isNamed)
                .filter(t -> t instanceof BtfType.Composite || t instanceof BtfType.Enumeration || t instanceof BtfType.Typedef)
                .toList();
        return Arbitraries.of(defs);
    }

    @Property(tries = 1500)
    void definitionsPrintLikeBpftool(@ForAll("namedDefinitions") BtfType t) throws Exception {
        String expected = CPrinterTest.blockOrNull(t);
        if (expected != null) { // absent for names bpftool had to rename or prints differently (multi-line typedefs)
            assertEquals(expected, CPrinter.of(BtfTestSupport.vmlinux()).print(t));
        }
    }

    @Example
    void everyReferenceInVmlinuxResolves() {
        Btf btf = BtfTestSupport.vmlinux();
        int n = btf.typeCount();
        IntStream.range(1, n).forEach(id -> {
            for (int ref : references(btf.type(id))) {
                assertTrue(ref >= 0 && ref < n, "type " + id + " refers to " + ref);
                btf.type(ref);
            }
        });
    }

    static int[] references(BtfType t) {
        return switch (t) {
            case BtfType.Ptr p -> new int[] {p.target()};
            case BtfType.Qualifier q -> new int[] {q.target()};
            case BtfType.Array a -> new int[] {a.elem(), a.index()};
            case BtfType.Composite c -> c.members().stream().mapToInt(BtfType.Member::type).toArray();
            case BtfType.Func f -> new int[] {f.proto()};
            case BtfType.FuncProto fp -> IntStream.concat(IntStream.of(fp.returnType()),
                    fp.params().stream().mapToInt(BtfType.Param::type)).toArray();
            case BtfType.Var v -> new int[] {v.type()};
            case BtfType.DataSec d -> d.vars().stream().mapToInt(BtfType.VarSecInfo::type).toArray();
            case BtfType.DeclTag d -> new int[] {d.target()};
            default -> new int[0];
        };
    }

    @Property(tries = 500)
    void randomBytesNeverCrash(@ForAll @Size(max = 512) byte[] data) {
        try (Btf btf = Btf.fromBytes(data)) {
            btf.types().forEach(t -> { });
        } catch (BpfException expected) {
            // refused cleanly
        }
    }

    @Property(tries = 1000)
    void mutatedObjectBtfNeverCrashes(@ForAll("mutations") int[] mutation) throws Exception {
        byte[] data = sampleRaw().clone();
        for (int i = 0; i + 1 < mutation.length; i += 2) {
            int at = Math.floorMod(mutation[i], data.length);
            data[at] = (byte) mutation[i + 1];
        }
        try (Btf btf = Btf.fromBytes(data)) {
            btf.find("btf_sample", BtfKind.STRUCT);
            btf.findAll("btf_key");
            btf.rawBytes();
            CPrinter p = CPrinter.of(btf);
            for (int id = 1; id < btf.typeCount(); id++) {
                try {
                    BtfType t = btf.type(id);
                    p.print(t);
                    btf.sizeOf(t);
                } catch (BpfException refused) {
                    // a corrupt reference or kind, reported cleanly
                }
            }
        } catch (BpfException expected) {
            // refused cleanly
        }
    }

    @Property(tries = 300)
    void mutatedObjectFilesNeverCrash(@ForAll("mutations") int[] mutation) throws Exception {
        if (!BtfTestSupport.hasClang()) {
            return;
        }
        byte[] data = Files.readAllBytes(BtfTestSupport.sampleObject(true));
        for (int i = 0; i + 1 < mutation.length; i += 2) {
            data[Math.floorMod(mutation[i], data.length)] = (byte) mutation[i + 1];
        }
        Path file = Files.write(BtfTestSupport.WORK.resolve("mutated.o"), data);
        try (Btf btf = Btf.fromFile(file)) {
            btf.types().forEach(t -> { });
        } catch (BpfException expected) {
            // refused cleanly
        }
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(8);
    }

    private static byte[] sampleRaw;

    private static synchronized byte[] sampleRaw() throws Exception {
        if (sampleRaw == null) {
            Path obj = BtfTestSupport.hasClang() ? BtfTestSupport.sampleObject(true) : null;
            if (obj != null && Files.exists(obj)) {
                try (Btf btf = Btf.fromFile(obj)) {
                    sampleRaw = btf.rawBytes();
                }
            } else {
                sampleRaw = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
            }
        }
        return sampleRaw;
    }
}
