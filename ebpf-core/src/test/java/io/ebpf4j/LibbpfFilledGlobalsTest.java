package io.ebpf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.FeatureMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Externs libbpf fills at load ({@code .kconfig}, {@code .ksyms}) are listed but neither set nor read
 * before load, and hold the running kernel's values after; custom data sections ({@code .data.*},
 * {@code .rodata.*}) are set like the standard ones.
 */
class LibbpfFilledGlobalsTest {

    @Test
    void kconfigExternsAreListedAsFilledByLibbpfAndRefusedBeforeLoad() {
        ObjectSpec spec = FeatureMatrix.KCONFIG.open();
        VariableSpec version = spec.globals().variable("LINUX_KERNEL_VERSION");
        assertEquals(".kconfig", version.section());
        assertEquals(VariableSpec.Origin.KCONFIG, version.origin());
        assertTrue(version.filledByLibbpf() && version.readOnlyAfterLoad());
        assertEquals(VariableSpec.Origin.OBJECT, spec.globals().variable("seen_version").origin());
        BpfException set = assertThrows(BpfException.class, () -> spec.globals().set("CONFIG_BPF_SYSCALL", true));
        assertTrue(set.getMessage().contains("libbpf fills at load") && set.getMessage().contains(".kconfig")
                && set.getMessage().contains("CONFIG_BPF_SYSCALL"), set.getMessage());
        assertTrue(set.remedy().orElseThrow().contains("const volatile"), set.getMessage());
        BpfException read = assertThrows(BpfException.class, () -> spec.globals().getLong("LINUX_KERNEL_VERSION"));
        assertTrue(read.getMessage().contains("known only once the object is loaded"), read.getMessage());
        ObjectMapSpec kconfig = spec.map("kconfig.kconfig");
        assertTrue(kconfig.isInternal() && kconfig.filledByLibbpf(), kconfig.toString());
        assertEquals(".kconfig", kconfig.dataSection().orElseThrow());
        assertTrue(spec.initialData("kconfig.kconfig").isEmpty(), "no data of ours is written into .kconfig");
    }

    @Test
    void ksymsExternsLiveInNoMapAndAreRefusedBeforeLoad() {
        Globals g = FeatureMatrix.KSYMS.open().globals();
        VariableSpec stext = g.variable("_stext");
        assertEquals(".ksyms", stext.section());
        assertEquals(VariableSpec.Origin.KSYMS, stext.origin());
        assertEquals("", stext.internalMap());
        BpfException e = assertThrows(BpfException.class, () -> g.set("ebpf4j_no_such_symbol", 1));
        assertTrue(e.getMessage().contains("libbpf fills at load") && e.getMessage().contains(".ksyms"), e.getMessage());
    }

    @Test
    @RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP)
    void libbpfFillsKconfigWithTheRunningKernelsValues() throws IOException {
        ObjectSpec spec = FeatureMatrix.KCONFIG.open();
        Globals g = spec.globals();
        try (BpfObject obj = spec.load()) {
            obj.program("kconfig_read").testRun(new byte[64], 1);
            BpfMap<Integer, byte[]> bss = obj.map("kconfig.bss", Codecs.INT, Codecs.bytes(obj.mapSpec("kconfig.bss").valueSize()));
            ByteBuffer b = ByteBuffer.wrap(bss.get(0).orElseThrow()).order(ByteOrder.nativeOrder());
            CapabilityReport report = KernelCapabilities.cached();
            assertEquals(libbpfKernelVersion(report.kernel().release()), b.getInt(g.variable("seen_version").offset()));
            // libbpf reads the same configuration (/boot/config-<release> or /proc/config.gz); without one a
            // __weak option reads 0
            int bpfSyscall = report.config().enabled("CONFIG_BPF_SYSCALL").orElse(false) ? 1 : 0;
            assertEquals(bpfSyscall, b.get(g.variable("seen_bpf_syscall").offset()), "CONFIG_BPF_SYSCALL");
            assertEquals(0, b.get(g.variable("seen_no_such").offset()), "an absent __weak option reads 0");
            long hz = report.config().value("CONFIG_HZ").map(Long::parseLong).orElse(0L);
            assertEquals(hz, Integer.toUnsignedLong(b.getInt(g.variable("seen_hz").offset())), "CONFIG_HZ");
            byte wrapper = b.get(g.variable("seen_wrapper").offset());
            assertTrue(wrapper == 0 || wrapper == 1, "LINUX_HAS_SYSCALL_WRAPPER is a bool: " + wrapper);
        }
    }

    @Test
    @RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP)
    void customDataSectionsAreSetBeforeLoadLikeTheStandardOnes() {
        ObjectSpec spec = FeatureMatrix.DATASEC.open();
        Globals g = spec.globals();
        assertEquals(".rodata.limits", g.variable("limit_low").section());
        assertEquals(".rodata.limits", g.variable("limit_low").internalMap(), "custom sections keep their name as map name");
        assertEquals(".data.counters", g.variable("misses").section());
        assertEquals(5, g.getLong("misses"));
        g.set("limit_low", 100).set("limit_high", 200).set("base_knob", 7);
        try (BpfObject obj = spec.load()) {
            obj.program("datasec_count").testRun(new byte[64], 2);
            BpfMap<Integer, byte[]> counters = obj.map(".data.counters", Codecs.INT, Codecs.bytes(16));
            ByteBuffer b = ByteBuffer.wrap(counters.get(0).orElseThrow()).order(ByteOrder.nativeOrder());
            assertEquals(2 * (100 + 200 + 7 + 3), b.getLong(g.variable("hits").offset()));
            assertEquals(5, b.getLong(g.variable("misses").offset()));
        }
    }

    /** LINUX_KERNEL_VERSION as libbpf computes it: Ubuntu's /proc/version_signature, else uname's release. */
    private static int libbpfKernelVersion(String release) throws IOException {
        Path ubuntu = Path.of("/proc/version_signature");
        String source = Files.isReadable(ubuntu) ? Files.readString(ubuntu).split("\\s+")[2] : release;
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(source);
        if (!m.find()) {
            return 0;
        }
        int patch = Math.min(Integer.parseInt(m.group(3)), 255);
        return (Integer.parseInt(m.group(1)) << 16) + (Integer.parseInt(m.group(2)) << 8) + patch;
    }
}
