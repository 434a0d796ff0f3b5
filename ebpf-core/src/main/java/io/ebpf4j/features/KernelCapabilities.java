package io.ebpf4j.features;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.os.Uname;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes what this kernel and process can do with BPF.
 *
 * <pre>{@code
 * CapabilityReport report = KernelCapabilities.cached();
 * report.check(KernelFeature.RING_BUFFER, KernelFeature.TRACEPOINT_ATTACH, ProgramType.XDP).orThrow();
 * }</pre>
 *
 * <p>{@link #probe()} never throws: without libbpf, privileges or a filesystem the report says so.
 * A probe loads about a hundred tiny programs and maps: tens of milliseconds in a warm JVM, up to a
 * second the first time (loading libbpf and the kernel BTF as well); {@link #cached()} runs it once per
 * JVM.
 */
public final class KernelCapabilities {
    private static final Logger LOG = LoggerFactory.getLogger(KernelCapabilities.class);
    private static final Object LOCK = new Object();
    private static volatile CapabilityReport cached;

    private KernelCapabilities() {}

    /** The report, probing on first use only. Cheap to call again. */
    public static CapabilityReport cached() {
        CapabilityReport r = cached;
        if (r != null) {
            return r;
        }
        synchronized (LOCK) {
            if (cached == null) {
                cached = probe();
            }
            return cached;
        }
    }

    /** Probes again (e.g. after mounting a filesystem) and replaces the cached report. */
    public static CapabilityReport refresh() {
        CapabilityReport r = probe();
        synchronized (LOCK) {
            cached = r;
        }
        return r;
    }

    /** Probes now, without touching the cache. Never throws. */
    public static CapabilityReport probe() {
        try {
            return probeAll();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("capability probe failed, reporting everything as unknown: {}", e.toString());
            return DegradedReport.of(kernel(), LibBpfInfo.current(), "the capability probe failed: " + e);
        }
    }

    private static CapabilityReport probeAll() {
        KernelInfo kernel = kernel();
        LibBpfInfo libbpf = LibBpfInfo.current();
        KernelConfig config = safely(() -> KernelConfigReader.read(kernel.release()),
                () -> KernelConfig.absent("reading the kernel config failed"));
        Filesystems fs = FilesystemProbe.probe();
        Lockdown lockdown = LockdownProbe.probe(fs.securityfs(), config);
        Jit jit = new Jit(SysFiles.intValue("/proc/sys/net/core/bpf_jit_enable"),
                SysFiles.intValue("/proc/sys/net/core/bpf_jit_harden"),
                SysFiles.intValue("/proc/sys/net/core/bpf_jit_kallsyms"), config.enabled("CONFIG_BPF_JIT_ALWAYS_ON"));
        Privileges privileges = PrivilegeProbe.probe(libbpf.usable());
        Availability canLoad = privileges.bpfSyscall();

        BtfInfo btf = BtfProbe.probe(kernel);
        VmlinuxIds.Result ids = libbpf.usable() && btf.vmlinux().isAvailable() ? VmlinuxIds.cached()
                : new VmlinuxIds.Result(Optional.empty(), libbpf.usable() ? btf.vmlinux().detail() : "libbpf is unavailable");

        Map<ProgramType, Availability> progs = TypeProbe.programTypes(canLoad);
        Map<MapType, Availability> maps = TypeProbe.mapTypes(canLoad);
        AttachProbe attach = new AttachProbe(progs, fs, config, canLoad);
        Availability fentry = attach.fentry(ids.ids());
        Availability lsm = attach.lsm(ids.ids());
        // libbpf probes these types without a BTF target, which no kernel accepts; the real loads above
        // point them at a kernel function.
        if (canLoad.isAvailable()) {
            progs.put(ProgramType.TRACING, attach.tracingType(ids.ids(), fentry));
            progs.put(ProgramType.LSM, lsm);
            progs.put(ProgramType.EXT, fentry.isAvailable()
                    ? Availability.unknown("libbpf probes ext without a target program; not probed further", null)
                    : new Availability(fentry.status(), "ext (freplace) runs through the BPF trampoline like fentry: "
                            + fentry.detail(), fentry.remedy()));
        }
        List<HelperSupport> helpers = HelperProbe.probe(new HelperProbe.Context(
                ids.ids().map(VmlinuxIds::helperIds).orElse(Map.of()), ids.error(), canLoad, lockdown, kernel, config));

        SyscallFeatureProbe sys = new SyscallFeatureProbe(canLoad);
        Map<KernelFeature, Availability> f = new EnumMap<>(KernelFeature.class);
        f.put(KernelFeature.XDP_ATTACH, attach.xdp());
        f.put(KernelFeature.TC_ATTACH, attach.tc());
        f.put(KernelFeature.TRACEPOINT_ATTACH, attach.tracepoint());
        f.put(KernelFeature.RAW_TRACEPOINT_ATTACH, attach.rawTracepoint());
        f.put(KernelFeature.KPROBE_ATTACH, attach.kprobe());
        f.put(KernelFeature.UPROBE_ATTACH, attach.uprobe());
        f.put(KernelFeature.FENTRY_ATTACH, fentry);
        f.put(KernelFeature.LSM_ATTACH, lsm);
        f.put(KernelFeature.RING_BUFFER, named(maps.get(MapType.RINGBUF), "map type ringbuf"));
        f.put(KernelFeature.PERF_BUFFER, named(maps.get(MapType.PERF_EVENT_ARRAY), "map type perf_event_array"));
        f.put(KernelFeature.BTF, btf.vmlinux());
        f.put(KernelFeature.CO_RE, btf.coRe());
        f.put(KernelFeature.BPF_LINK, safely(sys::bpfLink, () -> failed("bpf_link")));
        f.put(KernelFeature.BATCH_OPS, safely(sys::batchOps, () -> failed("batch operations")));
        f.put(KernelFeature.MMAPABLE_ARRAY, safely(sys::mmapableArray, () -> failed("mmapable arrays")));
        f.put(KernelFeature.PROG_TEST_RUN, safely(sys::progTestRun, () -> failed("BPF_PROG_TEST_RUN")));
        f.put(KernelFeature.BPFFS, fs.bpffs().availability());
        f.put(KernelFeature.TRACEFS, fs.tracefs().availability());
        f.put(KernelFeature.BPF_SYSCALL, canLoad);
        PrivilegeRows.add(f, privileges);
        return new CapabilityReport(Instant.now(), kernel, libbpf, privileges, fs, btf, lockdown, jit, config,
                progs, maps, helpers, f);
    }

    private static KernelInfo kernel() {
        Optional<Uname.Info> u = safely(Uname::get, Optional::empty);
        String release = u.map(Uname.Info::release)
                .or(() -> SysFiles.firstLine("/proc/sys/kernel/osrelease")).orElse("unknown");
        Optional<KernelVersion> version;
        try {
            version = Optional.of(KernelVersion.parse(release));
        } catch (IllegalArgumentException e) {
            version = Optional.empty();
        }
        return new KernelInfo(release, version, u.map(Uname.Info::machine).orElse(System.getProperty("os.arch")));
    }

    private static Availability named(Availability a, String what) {
        return a.isAvailable() ? Availability.available(what + ": " + a.detail())
                : new Availability(a.status(), what + ": " + a.detail(), a.remedy());
    }

    private static Availability failed(String what) {
        return Availability.unknown("probing " + what + " failed (see the log)", null);
    }

    /** Runs one probe step; an unexpected failure is logged and replaced, never thrown out of probe(). */
    private static <T> T safely(java.util.function.Supplier<T> step, java.util.function.Supplier<T> instead) {
        try {
            return step.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("capability probe step failed: {}", e.toString());
            return instead.get();
        }
    }
}
