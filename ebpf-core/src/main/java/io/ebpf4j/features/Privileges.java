package io.ebpf4j.features;

/**
 * What this process may do with BPF.
 *
 * @param uid                       the effective user id (-1 if unknown)
 * @param effectiveCapabilities     CapEff from /proc/self/status (-1 if unknown)
 * @param capBpf                    CAP_BPF effective
 * @param capPerfmon                CAP_PERFMON effective
 * @param capNetAdmin               CAP_NET_ADMIN effective
 * @param capSysAdmin               CAP_SYS_ADMIN effective
 * @param unprivilegedBpfDisabled   /proc/sys/kernel/unprivileged_bpf_disabled (0 allowed, 1 off until reboot,
 *                                  2 off but changeable; -1 unknown)
 * @param bpfSyscall                whether the bpf() system call is there and this process may load a
 *                                  program (a real load of a two-instruction socket filter)
 */
public record Privileges(int uid, long effectiveCapabilities, boolean capBpf, boolean capPerfmon,
                         boolean capNetAdmin, boolean capSysAdmin, int unprivilegedBpfDisabled,
                         Availability bpfSyscall) {
    /** Linux capability numbers. */
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_PERFMON = 38;
    static final int CAP_BPF = 39;

    /** Whether this process can load BPF programs at all (the real load said so). */
    public boolean canLoadPrograms() {
        return bpfSyscall.isAvailable();
    }

    /** CAP_BPF or CAP_SYS_ADMIN: what loading programs and creating maps needs. */
    public boolean bpfCapable() {
        return capBpf || capSysAdmin;
    }

    /** CAP_PERFMON (or CAP_SYS_ADMIN): what tracing programs need besides CAP_BPF. */
    public boolean tracingCapable() {
        return capPerfmon || capSysAdmin;
    }

    /** CAP_NET_ADMIN: what XDP and tc attachment needs. */
    public boolean networkCapable() {
        return capNetAdmin;
    }
}
