package io.ebpf4j.features;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadResult;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadSpec;
import java.util.Map;
import java.util.Optional;

/** Whether each attach kind can really be used: program type, kernel interfaces and filesystems. */
final class AttachProbe {
    static final String KPROBE_PMU = "/sys/bus/event_source/devices/kprobe";
    static final String UPROBE_PMU = "/sys/bus/event_source/devices/uprobe";

    private final Map<ProgramType, Availability> programTypes;
    private final Filesystems fs;
    private final KernelConfig config;
    private final Availability canLoad;

    AttachProbe(Map<ProgramType, Availability> programTypes, Filesystems fs, KernelConfig config, Availability canLoad) {
        this.programTypes = programTypes;
        this.fs = fs;
        this.config = config;
        this.canLoad = canLoad;
    }

    Availability xdp() {
        return withType(ProgramType.XDP, () -> Availability.available("program type xdp loads; native (driver) mode "
                + "depends on the NIC driver (e.g. veth, virtio_net, mlx5, i40e, ixgbe have it), generic (skb) mode "
                + "works on every interface"));
    }

    Availability tc() {
        return withType(ProgramType.SCHED_CLS, () -> {
            if (config.enabled("CONFIG_NET_CLS_BPF").orElse(true) && config.enabled("CONFIG_NET_SCH_INGRESS").orElse(true)) {
                return Availability.available("program type sched_cls loads; " + config.describe("CONFIG_NET_CLS_BPF")
                        + ", " + config.describe("CONFIG_NET_SCH_INGRESS") + " (clsact)");
            }
            return Availability.unavailable(config.describe("CONFIG_NET_CLS_BPF") + ", "
                    + config.describe("CONFIG_NET_SCH_INGRESS"), "use a kernel with the cls_bpf classifier and clsact qdisc");
        });
    }

    Availability tracepoint() {
        return withType(ProgramType.TRACEPOINT, () -> {
            Availability t = fs.tracefs().availability();
            if (t.isAvailable()) {
                java.nio.file.Path mp = java.nio.file.Path.of(fs.tracefs().mountPoint().orElseThrow());
                if (!java.nio.file.Files.isExecutable(mp)) {
                    return Availability.needsSetup("program type tracepoint loads, but the tracepoint ids are not "
                            + "readable: " + Tracefs.unreadable(mp), Tracefs.REMEDY);
                }
                return Availability.available("program type tracepoint loads; tracepoint ids under " + mp + "/events");
            }
            return new Availability(t.status(), "program type tracepoint loads, but tracepoint ids need tracefs: "
                    + t.detail(), t.remedy());
        });
    }

    Availability rawTracepoint() {
        return withType(ProgramType.RAW_TRACEPOINT,
                () -> Availability.available("program type raw_tracepoint loads (attached with bpf(), no tracefs needed)"));
    }

    Availability kprobe() {
        return probeEvents(ProgramType.KPROBE, "kprobe", KPROBE_PMU, "CONFIG_KPROBES", "CONFIG_KPROBE_EVENTS");
    }

    Availability uprobe() {
        return probeEvents(ProgramType.KPROBE, "uprobe", UPROBE_PMU, "CONFIG_UPROBES", "CONFIG_UPROBE_EVENTS");
    }

    /** The kernel interface (PMU or tracefs event file) first: it needs no privilege to look at. */
    private Availability probeEvents(ProgramType type, String kind, String pmu, String option, String eventsOption) {
        String config = this.config.describe(option) + ", " + this.config.describe(eventsOption);
        Optional<String> events = fs.tracefs().mountPoint().map(m -> m + "/" + kind + "_events");
        String found;
        if (SysFiles.exists(pmu)) {
            found = kind + " PMU at " + pmu + "; " + config;
        } else if (events.isPresent() && SysFiles.exists(events.get())) {
            found = "no " + kind + " PMU, but " + events.get() + " exists (legacy attach)";
        } else {
            String why = "no " + kind + " PMU at " + pmu + (events.isPresent() ? " and no " + events.get() : "") + "; " + config;
            if (events.isEmpty() && this.config.enabled(eventsOption).orElse(false)) {
                return Availability.needsSetup(why + "; tracefs is not mounted", FilesystemProbe.TRACEFS_MOUNT);
            }
            return Availability.unavailable(why, "use a kernel built with " + option + "=y and " + eventsOption + "=y");
        }
        return withType(type, () -> Availability.available(found));
    }

    /** A real load of a fentry program at a kernel function named in BTF. */
    Availability fentry(Optional<VmlinuxIds> btf) {
        return btfAttached(ProgramType.TRACING, AttachType.TRACE_FENTRY, btf, "bpf_fentry_test1", "do_unlinkat",
                "fentry", "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS");
    }

    /** A real load of a BPF LSM program at the file_open hook. */
    Availability lsm(Optional<VmlinuxIds> btf) {
        Availability a = btfAttached(ProgramType.LSM, AttachType.LSM_MAC, btf, "bpf_lsm_file_open", "bpf_lsm_bpf",
                "BPF LSM", "CONFIG_BPF_LSM");
        if (a.isAvailable()) {
            Optional<String> lsms = fs.securityfs().mountPoint().flatMap(m -> SysFiles.firstLine(m + "/lsm"));
            if (lsms.isPresent() && !java.util.Arrays.asList(lsms.get().split(",")).contains("bpf")) {
                return Availability.unavailable("programs load, but \"bpf\" is not among the active LSMs (" + lsms.get()
                        + ")", "boot with lsm=...,bpf");
            }
        }
        return a;
    }

    private Availability btfAttached(ProgramType type, AttachType attach, Optional<VmlinuxIds> btf, String target,
                                     String alternative, String kind, String option) {
        if (!canLoad.isAvailable()) {
            return ProbeLoads.notProbed(canLoad);
        }
        if (btf.isEmpty()) {
            return Availability.unavailable(kind + " needs kernel BTF, which is unavailable", "use a kernel with CONFIG_DEBUG_INFO_BTF=y");
        }
        Optional<Integer> id = btf.get().type(target).or(() -> btf.get().type(alternative));
        if (id.isEmpty()) {
            return Availability.unavailable("kernel BTF has neither " + target + " nor " + alternative, null);
        }
        LoadResult r = ProbeLoads.returnZero(new LoadSpec(type.value(), attach.value(), id.get(), 0));
        ProbeLoads.close(r.fdOrError());
        if (r.loaded()) {
            return Availability.available("a " + kind + " probe program loaded (BTF id " + id.get() + ")");
        }
        String log = ProbeLoads.lastLogLine(r.log());
        return Availability.unavailable("the kernel refused a " + kind + " probe program load: "
                + ProbeLoads.errno(r.fdOrError()) + (log.isBlank() ? " with an empty verifier log" : ": " + log)
                + (ProbeLoads.isPrivilegeError(r.fdOrError()) && log.isBlank()
                        ? " although other program types load (so not a missing capability)" : "")
                + functionTracerEvidence()
                + "; " + config.describe(option) + ", " + config.describe("CONFIG_FUNCTION_TRACER"),
                config.enabled(option).orElse(false) && config.enabled("CONFIG_FUNCTION_TRACER").orElse(false)
                        ? "the kernel is configured for BPF trampolines yet refuses them: look for a security policy or "
                                + "kernel patch restricting ftrace; until then use the fallback"
                        : "a kernel whose architecture and configuration support BPF trampolines ("
                                + option + "=y, CONFIG_FUNCTION_TRACER=y)");
    }

    /**
     * The program type TRACING itself, by loading a BTF raw tracepoint (tp_btf) program: it needs no
     * trampoline, so it tells the type apart from fentry/fexit.
     */
    Availability tracingType(Optional<VmlinuxIds> btf, Availability fentry) {
        if (!canLoad.isAvailable() || btf.isEmpty()) {
            return fentry;
        }
        Optional<Integer> id = btf.get().type(VmlinuxIds.TP_BTF_TARGET);
        if (id.isEmpty()) {
            return fentry;
        }
        LoadResult r = ProbeLoads.returnZero(new LoadSpec(ProgramType.TRACING.value(), AttachType.TRACE_RAW_TP.value(), id.get(), 0));
        ProbeLoads.close(r.fdOrError());
        if (r.loaded()) {
            return Availability.available("a tp_btf program (" + VmlinuxIds.TP_BTF_TARGET + ") loaded"
                    + (fentry.isAvailable() ? "; fentry/fexit load too" : "; fentry/fexit do not: " + fentry.detail()));
        }
        return fentry;
    }

    /** BPF trampolines are built on the function tracer; say when this process cannot use its files. */
    private String functionTracerEvidence() {
        Optional<String> mp = fs.tracefs().mountPoint();
        if (mp.isEmpty()) {
            return "";
        }
        java.nio.file.Path f = java.nio.file.Path.of(mp.get(), "available_filter_functions");
        try (var in = java.nio.file.Files.newInputStream(f)) {
            in.read();
            return "";
        } catch (java.io.IOException e) {
            String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
            return "; the function tracer (which BPF trampolines build on) refuses this process too: reading " + f + " fails: " + why;
        }
    }

    private Availability withType(ProgramType type, java.util.function.Supplier<Availability> then) {
        Availability t = programTypes.get(type);
        if (t == null || !t.isAvailable()) {
            return t == null ? Availability.unknown(type.describe() + " not probed", null)
                    : new Availability(t.status(), type.describe() + ": " + t.detail(), t.remedy());
        }
        return then.get();
    }
}
