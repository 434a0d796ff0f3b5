package io.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import io.ebpf4j.internal.os.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report checked against the machine's own evidence: the kernel config, /proc, /sys and real loads. */
class KernelCapabilitiesTest {
    private static CapabilityReport report;

    @BeforeAll
    static void probe() {
        report = KernelCapabilities.cached();
    }

    @Test
    void kprobeAttachIsAvailableExactlyWhenTheKernelHasKprobesAndAKprobeInterface() throws Exception {
        String config = MachineEvidence.configText().orElse(null);
        assumeTrue(config != null, "no kernel config (/proc/config.gz or /boot/config-RELEASE)");
        boolean pmu = Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"));
        boolean events = MachineEvidence.mountsOf("tracefs").stream().anyMatch(m -> Files.exists(Path.of(m, "kprobe_events")));
        boolean expected = MachineEvidence.configSet(config, "CONFIG_KPROBES") && (pmu || events);
        Availability a = report.availability(KernelFeature.KPROBE_ATTACH);
        assertEquals(expected, a.isAvailable(), a.toString());
        if (!a.isAvailable() && !MachineEvidence.configSet(config, "CONFIG_KPROBES")) {
            assertTrue(a.detail().contains("CONFIG_KPROBES is not set"), a.detail());
            assertTrue(report.check(KernelFeature.KPROBE_ATTACH).describe().contains("fallback: syscall tracepoints"));
        }
    }

    @Test
    void uprobeAttachFollowsTheUprobePmu() throws Exception {
        boolean pmu = Files.exists(Path.of("/sys/bus/event_source/devices/uprobe"));
        boolean events = MachineEvidence.mountsOf("tracefs").stream().anyMatch(m -> Files.exists(Path.of(m, "uprobe_events")));
        assertEquals(pmu || events, report.has(KernelFeature.UPROBE_ATTACH), report.availability(KernelFeature.UPROBE_ATTACH).toString());
    }

    @Test
    void kernelReleaseJitAndBtfMatchProcAndSys() throws Exception {
        String release = MachineEvidence.read("/proc/sys/kernel/osrelease");
        assertEquals(release, report.kernel().release());
        assertEquals(KernelVersion.parse(release), report.kernel().version().orElseThrow());
        assertEquals(Integer.parseInt(MachineEvidence.read("/proc/sys/net/core/bpf_jit_enable")), report.jit().enable());
        boolean btf = Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"));
        assertEquals(btf, report.has(KernelFeature.BTF));
        assertEquals(btf && KernelVersion.parse(release).atLeast("5.8"), report.has(KernelFeature.CO_RE));
    }

    @Test
    void kernelConfigIsTheParsedConfig() {
        String config = MachineEvidence.configText().orElse(null);
        assertEquals(config != null, report.config().present());
        assumeTrue(config != null);
        long options = config.lines().filter(l -> l.startsWith("CONFIG_") && l.contains("=")).count();
        assertEquals(options, report.config().values().size());
        assertEquals(MachineEvidence.configSet(config, "CONFIG_BPF_JIT_ALWAYS_ON"), report.jit().alwaysOn().orElseThrow());
    }

    @Test
    void filesystemsMatchTheMountTable() throws Exception {
        CapabilityReport fresh = KernelCapabilities.probe(); // other test runs may mount things meanwhile
        assertEquals(!MachineEvidence.mountsOf("tracefs").isEmpty(), fresh.has(KernelFeature.TRACEFS));
        assertEquals(!MachineEvidence.mountsOf("bpf").isEmpty(), fresh.has(KernelFeature.BPFFS));
        assertEquals(!MachineEvidence.mountsOf("securityfs").isEmpty(), fresh.filesystems().securityfs().mountPoint().isPresent());
    }

    @Test
    void privilegesComeFromCapEff() throws Exception {
        String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .findFirst().orElseThrow().substring(7).strip();
        long caps = Long.parseUnsignedLong(capEff, 16);
        assertEquals(caps, report.privileges().effectiveCapabilities());
        assertEquals((caps & (1L << 39)) != 0 || (caps & (1L << 21)) != 0, report.has(KernelFeature.CAP_BPF));
        assertEquals((caps & (1L << 12)) != 0, report.has(KernelFeature.CAP_NET_ADMIN));
    }

    @Test
    void programAndMapTypesAgreeWithRealLoads() {
        assumeTrue(report.privileges().canLoadPrograms(), "cannot load programs here");
        for (ProgramType t : new ProgramType[] {ProgramType.XDP, ProgramType.TRACEPOINT, ProgramType.SOCKET_FILTER}) {
            ProbeCalls.LoadResult r = ProbeLoads.returnZero(ProbeCalls.LoadSpec.of(t.value()));
            ProbeLoads.close(r.fdOrError());
            assertEquals(r.loaded(), report.has(t), t + ": " + r.log());
        }
        int ringbuf = ProbeCalls.createMap(MapType.RINGBUF.value(), 0, 0, 4096, 0);
        ProbeLoads.close(ringbuf);
        assertEquals(ringbuf >= 0, report.has(MapType.RINGBUF));
        assertEquals(ringbuf >= 0, report.has(KernelFeature.RING_BUFFER));
    }

    @Test
    void probeWriteUserIsRefusedUnderLockdownAndHelpersCountOnlyWhenALoadSaysSo() throws Exception {
        assumeTrue(report.privileges().canLoadPrograms());
        HelperSupport pwu = report.helper(ProgramType.KPROBE, "bpf_probe_write_user").orElseThrow();
        Path lockdown = MachineEvidence.mountsOf("securityfs").stream().map(m -> Path.of(m, "lockdown"))
                .filter(Files::isReadable).findFirst().orElse(null);
        String config = MachineEvidence.configText().orElse("");
        boolean locked = lockdown != null ? !Files.readString(lockdown).contains("[none]")
                : MachineEvidence.configSet(config, "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY")
                        || MachineEvidence.configSet(config, "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY");
        if (locked) {
            assertFalse(pwu.availability().isAvailable(), pwu.toString());
            assertTrue(pwu.availability().detail().contains("lockdown"), pwu.toString());
        }
        // every helper verdict of "unavailable" quotes the verifier
        report.helpers().stream().filter(h -> h.availability().status() == Status.UNAVAILABLE && h.id() >= 0)
                .forEach(h -> assertTrue(h.availability().detail().contains("verifier"), h.toString()));
        // ktime_get_ns takes no arguments: loading a call to it is the whole truth
        assertTrue(report.has(new HelperRequirement(ProgramType.SOCKET_FILTER, "ktime_get_ns")));
    }

    @Test
    void helpersOutsideTheProbedSetAreProbedOnDemand() {
        assumeTrue(report.privileges().canLoadPrograms());
        HelperRequirement tail = new HelperRequirement(ProgramType.XDP, "bpf_xdp_adjust_tail");
        assertTrue(report.helper(ProgramType.XDP, "bpf_xdp_adjust_tail").isEmpty(), "not in the up-front set");
        Availability a = report.availability(tail);
        assertTrue(a.status() == Status.AVAILABLE || a.status() == Status.UNAVAILABLE, a.toString());
        assertSame(a, report.availability(tail), "probed once");
        // an XDP program may not call a tc-only helper: the verifier must say so
        Availability skb = report.availability(new HelperRequirement(ProgramType.XDP, "bpf_skb_vlan_push"));
        assertEquals(Status.UNAVAILABLE, skb.status(), skb.toString());
        assertTrue(skb.detail().contains("verifier"), skb.detail());
        Availability bogus = report.availability(new HelperRequirement(ProgramType.XDP, "bpf_no_such_helper"));
        assertEquals(Status.UNAVAILABLE, bogus.status());
        assertTrue(bogus.detail().contains("BPF_FUNC_no_such_helper"), bogus.detail());
    }

    @Test
    void fentryVerdictCarriesTheKernelsAnswer() {
        Availability f = report.availability(KernelFeature.FENTRY_ATTACH);
        Availability tracing = report.availability(ProgramType.TRACING);
        // the program type's verdict says how fentry fared: with its reason where it does not load
        assertTrue(tracing.equals(f) || tracing.detail().contains(f.isAvailable() ? "fentry/fexit load too" : f.detail()),
                tracing + " / " + f);
        if (f.status() == Status.UNAVAILABLE && report.has(KernelFeature.BTF)) {
            assertTrue(f.detail().contains("refused a fentry probe program load"), f.detail());
        }
    }

    @Test
    void progTestRunAndBpfLinkAgreeWithTheirOwnCalls() {
        assumeTrue(report.privileges().canLoadPrograms());
        ProbeCalls.LoadResult p = ProbeLoads.returnZero(ProbeCalls.LoadSpec.of(ProgramType.SOCKET_FILTER.value()));
        try {
            assertEquals(ProbeCalls.testRun(p.fdOrError(), new byte[64]) >= 0, report.has(KernelFeature.PROG_TEST_RUN));
        } finally {
            LibC.close(p.fdOrError());
        }
    }

    @Test
    void cachedIsProbedOnceAndRefreshReplacesIt() {
        CapabilityReport a = KernelCapabilities.cached();
        assertSame(a, KernelCapabilities.cached());
        CapabilityReport b = KernelCapabilities.refresh();
        assertNotSame(a, b);
        assertSame(b, KernelCapabilities.cached());
        assertEquals(a.kernel(), b.kernel());
        assertEquals(a.programTypes().keySet(), b.programTypes().keySet());
    }

    @Test
    void probingLeaksNoFileDescriptors() throws Exception {
        KernelCapabilities.probe(); // warm: classes loaded, libbpf and BTF opened
        long before = openFds();
        for (int i = 0; i < 3; i++) {
            KernelCapabilities.probe();
        }
        assertEquals(before, openFds(), "every probe program, map and link fd is closed");
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void theReportIsImmutable() {
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> report.features().put(KernelFeature.BTF, Availability.available("x")));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> report.helpers().clear());
    }
}
