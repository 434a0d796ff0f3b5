package io.ebpf4j.features;

import io.ebpf4j.internal.ffi.Remedies;
import java.util.Map;

/** The capability rows of the feature table, from CapEff. */
final class PrivilegeRows {
    private PrivilegeRows() {}

    static void add(Map<KernelFeature, Availability> f, Privileges p) {
        f.put(KernelFeature.CAP_BPF, row(p, p.bpfCapable(), "CAP_BPF", p.capBpf() ? "CAP_BPF" : "CAP_SYS_ADMIN"));
        f.put(KernelFeature.CAP_PERFMON, row(p, p.tracingCapable(), "CAP_PERFMON", p.capPerfmon() ? "CAP_PERFMON" : "CAP_SYS_ADMIN"));
        f.put(KernelFeature.CAP_NET_ADMIN, row(p, p.capNetAdmin(), "CAP_NET_ADMIN", "CAP_NET_ADMIN"));
        f.put(KernelFeature.CAP_SYS_ADMIN, row(p, p.capSysAdmin(), "CAP_SYS_ADMIN", "CAP_SYS_ADMIN"));
    }

    private static Availability row(Privileges p, boolean has, String wanted, String via) {
        if (p.effectiveCapabilities() < 0) {
            return Availability.unknown("CapEff unreadable in /proc/self/status", null);
        }
        String capEff = String.format("CapEff=%016x", p.effectiveCapabilities());
        return has ? Availability.available(via + " is effective (" + capEff + ")")
                : Availability.unavailable(wanted + " is not effective (" + capEff + ", uid " + p.uid() + ")", Remedies.PRIVILEGE);
    }
}
