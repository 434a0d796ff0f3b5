package io.ebpf4j.features;

import io.ebpf4j.kernel.Requirement;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.kernel.ProgramType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The requirements API: check(), orThrow(), fallbacks, bad input. */
class RequirementsTest {

    /** A report in which exactly {@code missing} is unavailable (to test the API's logic, not the kernel). */
    private static CapabilityReport reportMissing(KernelFeature... missing) {
        Map<KernelFeature, Availability> f = new EnumMap<>(KernelFeature.class);
        for (KernelFeature k : KernelFeature.values()) {
            f.put(k, Availability.available("test"));
        }
        for (KernelFeature k : missing) {
            f.put(k, Availability.unavailable("absent in this test report", "do something"));
        }
        Map<ProgramType, Availability> p = new EnumMap<>(ProgramType.class);
        p.put(ProgramType.XDP, Availability.available("test"));
        Map<MapType, Availability> m = new EnumMap<>(MapType.class);
        m.put(MapType.RINGBUF, Availability.unavailable("no ringbuf", null));
        Availability ok = Availability.available("test");
        return new CapabilityReport(Instant.now(), new KernelInfo("5.4.0", Optional.of(new KernelVersion(5, 4, 0)), "x86_64"),
                new LibBpfInfo(true, "1.1.2", "/x", ""), new Privileges(0, -1, true, true, true, true, 0, ok),
                new Filesystems(new Mount("bpf", Optional.of("/sys/fs/bpf"), true, "m"),
                        new Mount("tracefs", Optional.empty(), true, "mount -t tracefs tracefs /sys/kernel/tracing"),
                        new Mount("securityfs", Optional.empty(), true, "m")),
                new BtfInfo(ok, List.of(), ok), new Lockdown(Lockdown.Mode.NONE, "test", "", Lockdown.Mode.NONE), new Jit(1, 0, 1, Optional.empty()),
                KernelConfig.absent("test"), p, m, List.of(), f);
    }

    @Test
    void everythingPresentIsOk() {
        CheckResult r = reportMissing().check(KernelFeature.XDP_ATTACH, ProgramType.XDP);
        assertTrue(r.ok());
        assertDoesNotThrow(r::orThrow);
        assertEquals("all requirements met", r.describe());
    }

    @Test
    void missingItemsComeWithReasonRemedyFallbackAndKernelVersion() {
        CheckResult r = reportMissing(KernelFeature.KPROBE_ATTACH, KernelFeature.CO_RE)
                .check(KernelFeature.XDP_ATTACH, KernelFeature.KPROBE_ATTACH, KernelFeature.CO_RE, MapType.RINGBUF);
        assertFalse(r.ok());
        assertEquals(3, r.missing().size());
        MissingRequirement kprobe = r.missing().get(0);
        assertEquals(KernelFeature.KPROBE_ATTACH, kprobe.requirement());
        assertEquals("absent in this test report", kprobe.reason());
        assertEquals("do something", kprobe.remedy());
        assertTrue(kprobe.fallback().orElseThrow().contains("syscall tracepoints"));
        assertTrue(r.missing().get(1).fallback().orElseThrow().contains("external BTF"));
        assertTrue(r.missing().get(2).fallback().orElseThrow().contains("perf buffer"), "ringbuf falls back to perf buffer");
        assertEquals(Optional.of("5.8"), r.missing().get(2).sinceKernel());

        MissingFeatureException e = assertThrows(MissingFeatureException.class, r::orThrow);
        assertEquals("kprobe attach", e.feature());
        assertEquals(Optional.of("4.1"), e.sinceKernel());
        assertTrue(e.getMessage().contains("in Linux since 4.1"), e.getMessage());
        assertTrue(e.getMessage().contains("fallback: syscall tracepoints"), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void somethingThatNeedsSetupCountsAsMissingWithItsCommand() {
        Map<KernelFeature, Availability> f = new EnumMap<>(reportMissing().features());
        Mount tracefs = new Mount("tracefs", Optional.empty(), true, "mount -t tracefs tracefs /sys/kernel/tracing");
        f.put(KernelFeature.TRACEFS, tracefs.availability());
        CapabilityReport base = reportMissing();
        CapabilityReport r = new CapabilityReport(base.probedAt(), base.kernel(), base.libbpf(), base.privileges(),
                base.filesystems(), base.btf(), base.lockdown(), base.jit(), base.config(), base.programTypes(),
                base.mapTypes(), base.helpers(), f);
        CheckResult c = r.check(KernelFeature.TRACEFS);
        assertEquals(Status.NEEDS_SETUP, c.missing().getFirst().status());
        assertEquals("mount -t tracefs tracefs /sys/kernel/tracing", c.missing().getFirst().remedy());
        assertTrue(c.describe().contains("needs setup"), c.describe());
    }

    @Test
    void unknownRequirementKindsAreUnknownNotAvailable() {
        CapabilityReport r = reportMissing();
        Requirement custom = () -> "something else";
        assertEquals(Status.UNKNOWN, r.availability(custom).status());
        assertFalse(r.check(custom).ok());
        assertEquals(Status.UNKNOWN, r.availability(ProgramType.LSM).status(), "not probed");
    }

    @Test
    void badInputGivesClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HelperRequirement(ProgramType.XDP, "Not A Helper!"));
        assertTrue(e.getMessage().contains("not a BPF helper name"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new HelperRequirement(null, "bpf_redirect"));
        assertEquals("bpf_redirect", new HelperRequirement(ProgramType.XDP, "redirect").helper());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> KernelVersion.parse("linux"));
        assertTrue(v.getMessage().contains("not a kernel version"), v.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reportMissing().check((Requirement[]) null));
        assertThrows(IllegalArgumentException.class, () -> reportMissing().availability(null));
        assertThrows(IllegalArgumentException.class, () -> KernelConfig.absent("x").value(""));
    }

    @Test
    void aFailedProbeReportsEverythingUnknownWithTheReason() {
        CapabilityReport r = DegradedReport.of(new KernelInfo("x", Optional.empty(), "x86_64"),
                new LibBpfInfo(false, "", "", "no libbpf"), "the capability probe failed: boom");
        CheckResult c = r.check(KernelFeature.RING_BUFFER, ProgramType.XDP, MapType.HASH);
        assertEquals(3, c.missing().size());
        c.missing().forEach(m -> assertEquals(Status.UNKNOWN, m.status()));
        assertTrue(c.describe().contains("boom"), c.describe());
        assertEquals(List.of("libbpf unusable: no libbpf"), r.basicsMissing());
        CapabilityReport withLibbpf = DegradedReport.of(r.kernel(), new LibBpfInfo(true, "1.1.2", "/x", ""), "boom");
        assertTrue(withLibbpf.basicsMissing().getFirst().startsWith("cannot load BPF programs: boom"),
                withLibbpf.basicsMissing().toString());
    }

    @Test
    void lockdownLineParsing() {
        assertEquals(Lockdown.Mode.INTEGRITY, LockdownProbe.parse("none [integrity] confidentiality"));
        assertEquals(Lockdown.Mode.NONE, LockdownProbe.parse("[none] integrity confidentiality"));
        assertEquals(Lockdown.Mode.UNKNOWN, LockdownProbe.parse("garbage"));
        assertTrue(new Lockdown(Lockdown.Mode.INTEGRITY, "", "", Lockdown.Mode.NONE).takesAway().getFirst().contains("bpf_probe_write_user"));
        assertTrue(new Lockdown(Lockdown.Mode.UNKNOWN, "", "", Lockdown.Mode.INTEGRITY).takesAway().getFirst().contains("at least"));
    }

    @Property
    void kernelVersionsRoundTripAndOrder(@ForAll @IntRange(max = 20) int major, @ForAll @IntRange(max = 255) int minor,
                                         @ForAll @IntRange(max = 400) int patch) {
        KernelVersion v = KernelVersion.parse(major + "." + minor + "." + patch + "-generic");
        assertEquals(new KernelVersion(major, minor, patch), v);
        assertTrue(v.atLeast(major + "." + minor));
        assertEquals(v.code() >> 16, major);
    }
}
