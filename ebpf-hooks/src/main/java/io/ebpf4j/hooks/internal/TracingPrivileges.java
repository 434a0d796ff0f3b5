package io.ebpf4j.hooks.internal;

import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.MissingRequirement;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import java.util.List;

/**
 * The privileges a tracing hook needs, checked before it chooses an attach path: without them every
 * path fails, and the failure of the last one tried (say, an unreadable tracefs) would hide the real
 * cause. Not part of the public API.
 */
public final class TracingPrivileges {
    private TracingPrivileges() {}

    /**
     * Throws a BpfException (EPERM) naming what this process lacks to start {@code hook}: the right to
     * load BPF programs at all, or CAP_PERFMON (tracing programs need CAP_BPF and CAP_PERFMON).
     */
    public static void require(String hook) {
        CapabilityReport report = KernelCapabilities.cached();
        List<String> basics = report.basicsMissing();
        if (!basics.isEmpty()) {
            throw new BpfException("starting " + hook, String.join("; ", basics));
        }
        CheckResult perfmon = report.check(KernelFeature.CAP_PERFMON);
        if (!perfmon.ok()) {
            MissingRequirement m = perfmon.missing().getFirst();
            throw new BpfException("starting " + hook, Errno.EPERM.number(), m.reason()
                    + ": tracing programs (raw tracepoints, tracepoints, kprobes) need CAP_BPF and CAP_PERFMON",
                    m.remedy().isBlank() ? null : m.remedy());
        }
    }
}
