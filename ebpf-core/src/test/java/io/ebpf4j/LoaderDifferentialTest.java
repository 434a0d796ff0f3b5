package io.ebpf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.map.MapInfo;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testkit.BpftoolLoadAll;
import io.ebpf4j.testkit.BpftoolLoadAll.KernelObject;
import io.ebpf4j.testkit.BpftoolLoadAll.Verdict;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.FeatureMatrix;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ebpf4j loads what libbpf loads: for every object of the {@link FeatureMatrix}, ebpf4j's verdict on the
 * running kernel equals {@code bpftool prog loadall}'s, and where both load, the kernel holds the same
 * programs and maps (names and types) for both, as many maps as the spec counts. Where both refuse,
 * ebpf4j's error names the reason. Nothing is expected of a kernel in advance: the verdicts come from
 * the kernel this runs on (and its libbpf), so the test means the same on every kernel.
 */
@RequiresKernel({KernelFeature.BPF_SYSCALL, KernelFeature.BPFFS, KernelFeature.BTF})
class LoaderDifferentialTest {

    @BeforeAll
    static void bpftoolRuns() {
        Bpftool.requireInstalled();
    }

    /**
     * ebpf4j's load of one object.
     *
     * @param error    the refusal, when refused
     * @param specMaps how many maps the spec (inspect) counts
     */
    record Ebpf4jLoad(Verdict verdict, BpfException error, Set<KernelObject> programs, Set<KernelObject> maps,
                      int specMaps) {

        static Ebpf4jLoad of(FeatureMatrix f) {
            ObjectSpec spec;
            try {
                spec = f.open();
            } catch (BpfException e) {
                return new Ebpf4jLoad(Verdict.REFUSED, e, Set.of(), Set.of(), -1);
            }
            try (BpfObject obj = spec.load()) {
                Set<KernelObject> programs = new TreeSet<>();
                for (Program p : obj.programs()) {
                    ProgramInfo info = p.info();
                    programs.add(new KernelObject(info.name(), lower(info.type().name())));
                }
                Set<KernelObject> maps = new TreeSet<>();
                for (String name : obj.mapNames()) {
                    MapInfo info = obj.map(name).info();
                    maps.add(new KernelObject(info.name(), lower(info.type().name())));
                }
                return new Ebpf4jLoad(Verdict.LOADED, null, programs, maps, spec.maps().size());
            } catch (BpfException e) {
                return new Ebpf4jLoad(Verdict.REFUSED, e, Set.of(), Set.of(), spec.maps().size());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FeatureMatrix.class)
    void ebpf4jAndBpftoolAgree(FeatureMatrix f, @TempDir Path dir) {
        BpftoolLoadAll bpftool = BpftoolLoadAll.run(f.writeTo(dir));
        Ebpf4jLoad ours = Ebpf4jLoad.of(f);
        String kernel = KernelCapabilities.cached().kernel().release();
        System.out.printf("feature matrix on %s: %-14s ebpf4j %-8s bpftool %-8s %s%n", kernel, f.object(), ours.verdict(),
                bpftool.verdict(), ours.error() == null ? "" : "| " + ours.error().getMessage());
        assertEquals(bpftool.verdict(), ours.verdict(), () -> f.feature() + " on " + kernel + ": bpftool said\n"
                + bpftool.output() + "\nebpf4j said\n" + (ours.error() == null ? "loaded" : ours.error().getMessage()));
        if (ours.verdict() == Verdict.LOADED) {
            if (bpftool.pinned()) {
                assertEquals(bpftool.programs(), ours.programs(), f + ": programs");
                assertEquals(bpftool.maps(), ours.maps(), f + ": maps");
            } else { // bpftool could not pin (autoload off): names from libbpf's debug log
                assertEquals(bpftool.programNames(), names(ours.programs()), f + ": programs");
                assertEquals(bpftool.mapNames(), names(ours.maps()), f + ": maps");
            }
            assertEquals(ours.specMaps(), ours.maps().size(), f + ": the spec (inspect) counts every map load creates");
        } else {
            String message = ours.error().getMessage();
            assertFalse(message.contains("see the libbpf log"), f + ": a refusal must say why: " + message);
            for (String word : f.refusalNames()) {
                assertTrue(message.contains(word), f + ": the refusal must name " + word + ": " + message);
            }
        }
    }

    /** What libbpf fills at load is refused before it, saying so; the spec counts the .kconfig map load creates. */
    @org.junit.jupiter.api.Test
    void kconfigIsLibbpfsToFillAndCountedLikeLoadCountsIt() {
        ObjectSpec spec = FeatureMatrix.KCONFIG.open();
        BpfException e = org.junit.jupiter.api.Assertions.assertThrows(BpfException.class,
                () -> spec.globals().set("LINUX_KERNEL_VERSION", 1));
        assertTrue(e.getMessage().contains("section .kconfig, which libbpf fills at load"), e.getMessage());
        assertEquals(VariableSpec.Origin.KCONFIG, spec.globals().variable("CONFIG_HZ").origin());
        try (BpfObject obj = spec.load()) {
            assertEquals(spec.maps().stream().map(ObjectMapSpec::name).toList(), obj.mapNames());
            assertTrue(obj.mapSpec("kconfig.kconfig").filledByLibbpf());
        }
    }

    private static java.util.List<String> names(Set<KernelObject> objects) {
        return objects.stream().map(KernelObject::name).sorted().collect(Collectors.toList());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
