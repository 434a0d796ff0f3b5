package io.ebpf4j.features;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadResult;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which helpers the interesting program types may call, each decided by loading "call helper;
 * exit" and reading the verifier's answer. libbpf 1.1's own helper probe is not used: it only knows
 * the old "unknown func" wording and reads a newer kernel's "program of this type cannot use helper"
 * as supported.
 */
final class HelperProbe {
    /** The helpers probed, per program type. */
    static final Map<ProgramType, List<String>> PROBED = probed();

    /** Helpers asked for beyond {@link #PROBED}, probed once per JVM: "type/helper" to verdict. */
    private static final java.util.concurrent.ConcurrentMap<String, Availability> ON_DEMAND =
            new java.util.concurrent.ConcurrentHashMap<>();

    private HelperProbe() {}

    /** Probes a helper the report did not probe up front, once per JVM. */
    static Availability onDemand(HelperRequirement h, CapabilityReport report) {
        if (!report.privileges().canLoadPrograms()) {
            return ProbeLoads.notProbed(report.privileges().bpfSyscall());
        }
        return ON_DEMAND.computeIfAbsent(h.programType().name() + "/" + h.helper(), k -> {
            VmlinuxIds.Result ids = VmlinuxIds.cached();
            Context c = new Context(ids.ids().map(VmlinuxIds::helperIds).orElse(Map.of()), ids.error(),
                    report.privileges().bpfSyscall(), report.lockdown(), report.kernel(), report.config());
            return c.verdict(h.programType(), h.helper());
        });
    }

    private static Map<ProgramType, List<String>> probed() {
        List<String> tracing = List.of("bpf_probe_write_user", "bpf_send_signal", "bpf_ringbuf_output",
                "bpf_perf_event_output", "bpf_ktime_get_ns", "bpf_get_current_task_btf", "bpf_probe_read_kernel",
                "bpf_get_stackid");
        List<String> kprobe = new ArrayList<>(tracing);
        kprobe.add(1, "bpf_override_return");
        Map<ProgramType, List<String>> m = new LinkedHashMap<>();
        m.put(ProgramType.KPROBE, List.copyOf(kprobe));
        m.put(ProgramType.TRACEPOINT, tracing);
        m.put(ProgramType.RAW_TRACEPOINT, List.of("bpf_ringbuf_output", "bpf_perf_event_output", "bpf_ktime_get_ns",
                "bpf_get_current_task_btf", "bpf_send_signal"));
        m.put(ProgramType.PERF_EVENT, List.of("bpf_ringbuf_output", "bpf_perf_event_output", "bpf_get_stackid"));
        m.put(ProgramType.XDP, List.of("bpf_redirect", "bpf_redirect_map", "bpf_xdp_adjust_head", "bpf_ringbuf_output",
                "bpf_perf_event_output", "bpf_ktime_get_ns"));
        m.put(ProgramType.SCHED_CLS, List.of("bpf_redirect", "bpf_skb_load_bytes", "bpf_skb_store_bytes",
                "bpf_ringbuf_output", "bpf_perf_event_output", "bpf_ktime_get_ns"));
        m.put(ProgramType.SOCKET_FILTER, List.of("bpf_skb_load_bytes", "bpf_ringbuf_output", "bpf_perf_event_output",
                "bpf_ktime_get_ns"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * What a helper verdict depends on.
     *
     * @param ids       enum bpf_func_id from the kernel's BTF (BPF_FUNC_x -> id), empty when unreadable
     * @param idsError  why {@code ids} is empty
     * @param canLoad   whether this process may load programs at all
     * @param lockdown  the lockdown state, to explain refusals it causes
     * @param kernel    for the kprobe kern_version field
     * @param config    to quote the options some helpers depend on
     */
    record Context(Map<String, Integer> ids, String idsError, Availability canLoad, Lockdown lockdown,
                   KernelInfo kernel, KernelConfig config) {
        int id(String helper) {
            Integer id = ids.get("BPF_FUNC_" + helper.substring(4));
            return id == null ? -1 : id;
        }

        Availability verdict(ProgramType type, String helper) {
            int id = id(helper);
            if (ids.isEmpty()) {
                return Availability.unknown("helper ids unknown: " + idsError, "a kernel with BTF (CONFIG_DEBUG_INFO_BTF=y)");
            }
            if (id < 0) {
                return Availability.unavailable("this kernel's enum bpf_func_id has no BPF_FUNC_" + helper.substring(4), null);
            }
            if (!canLoad.isAvailable()) {
                return ProbeLoads.notProbed(canLoad);
            }
            return probeOne(type, helper, id, kernel.version().map(KernelVersion::code).orElse(0), lockdown, config);
        }
    }

    /** Probes every helper of {@link #PROBED}. */
    static List<HelperSupport> probe(Context c) {
        List<HelperSupport> out = new ArrayList<>();
        for (var e : PROBED.entrySet()) {
            for (String helper : e.getValue()) {
                out.add(new HelperSupport(e.getKey(), helper, c.id(helper), c.verdict(e.getKey(), helper)));
            }
        }
        return List.copyOf(out);
    }

    /** Kernel options some helpers depend on, quoted when the verifier refuses them. */
    private static final Map<String, String> OPTION = Map.of(
            "bpf_override_return", "CONFIG_BPF_KPROBE_OVERRIDE",
            "bpf_get_current_task_btf", "CONFIG_DEBUG_INFO_BTF");

    static Availability probeOne(ProgramType type, String helper, int id, int kernelCode, Lockdown lockdown,
                                 KernelConfig config) {
        LoadResult r = ProbeCalls.load(new LoadSpec(type.value(), 0, 0, kernelCode),
                new long[] {ProbeLoads.call(id), ProbeLoads.EXIT});
        ProbeLoads.close(r.fdOrError());
        if (r.loaded()) {
            return Availability.available("probe program calling it loaded");
        }
        String log = r.log();
        if (log.contains("unknown func") || log.contains("invalid func") || log.contains("cannot use helper")) {
            String because = "the verifier refused it: " + ProbeLoads.lastLogLine(log);
            if (OPTION.containsKey(helper)) {
                because += "; " + config.describe(OPTION.get(helper));
            }
            if (helper.equals("bpf_probe_write_user") && lockdown.mode() != Lockdown.Mode.NONE) {
                because += "; kernel lockdown removes this helper (lockdown "
                        + lockdown.mode().name().toLowerCase(java.util.Locale.ROOT)
                        + (lockdown.hint().isBlank() ? "" : "; " + lockdown.hint()) + ")";
            }
            return Availability.unavailable(because, null);
        }
        if (ProbeLoads.isPrivilegeError(r.fdOrError()) && log.isBlank()) {
            return ProbeLoads.cannotProbe(r.fdOrError(), helper);
        }
        // The verifier knew the helper and went on to check its arguments: the type may call it.
        String line = ProbeLoads.lastLogLine(log);
        return Availability.available("the verifier accepted the call and went on to check its arguments ("
                + (line.isBlank() ? ProbeLoads.errno(r.fdOrError()) : line) + ")");
    }
}
