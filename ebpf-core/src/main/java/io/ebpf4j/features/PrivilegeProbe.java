package io.ebpf4j.features;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadResult;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadSpec;
import io.ebpf4j.internal.ffi.Remedies;

/** Capabilities from /proc/self/status and a real program load. */
final class PrivilegeProbe {
    static final String UNPRIV_SYSCTL = "/proc/sys/kernel/unprivileged_bpf_disabled";

    private PrivilegeProbe() {}

    static Privileges probe(boolean libbpfUsable) {
        long capEff = -1;
        int uid = -1;
        for (String line : SysFiles.lines("/proc/self/status")) {
            if (line.startsWith("CapEff:")) {
                capEff = Long.parseUnsignedLong(line.substring(7).strip(), 16);
            } else if (line.startsWith("Uid:")) {
                uid = Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
            }
        }
        return new Privileges(uid, capEff, has(capEff, Privileges.CAP_BPF), has(capEff, Privileges.CAP_PERFMON),
                has(capEff, Privileges.CAP_NET_ADMIN), has(capEff, Privileges.CAP_SYS_ADMIN),
                SysFiles.intValue(UNPRIV_SYSCTL), bpfSyscall(libbpfUsable));
    }

    private static boolean has(long caps, int bit) {
        return caps >= 0 && (caps & (1L << bit)) != 0;
    }

    /** A real load of "r0 = 0; exit" as a socket filter, the least privileged program type. */
    private static Availability bpfSyscall(boolean libbpfUsable) {
        if (!libbpfUsable) {
            return Availability.unknown("libbpf is unavailable, so no probe program could be loaded",
                    "install libbpf 1.x or set -Debpf4j.libbpf.path");
        }
        LoadResult r = ProbeLoads.returnZero(LoadSpec.of(ProgramType.SOCKET_FILTER.value()));
        ProbeLoads.close(r.fdOrError());
        if (r.loaded()) {
            return Availability.available("loaded a socket filter probe program");
        }
        int e = r.fdOrError();
        if (e == ProbeCalls.MISSING_SYMBOL) {
            return ProbeLoads.cannotProbe(e, "the bpf() syscall");
        }
        if (e == -Errno.ENOSYS.number()) {
            return Availability.unavailable("the kernel has no bpf() syscall (ENOSYS: CONFIG_BPF_SYSCALL not set)",
                    "use a kernel built with CONFIG_BPF_SYSCALL=y");
        }
        if (ProbeLoads.isPrivilegeError(e)) {
            int unpriv = SysFiles.intValue(UNPRIV_SYSCTL);
            return Availability.unavailable("no privilege to load BPF programs: " + ProbeLoads.errno(e)
                    + (unpriv > 0 ? "; " + UNPRIV_SYSCTL + "=" + unpriv + " (unprivileged BPF is off)" : ""),
                    Remedies.PRIVILEGE);
        }
        return Availability.unavailable("loading a trivial program failed: " + ProbeLoads.errno(e) + " "
                + ProbeLoads.lastLogLine(r.log()), null);
    }
}
