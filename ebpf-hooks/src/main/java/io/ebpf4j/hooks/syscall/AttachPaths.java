package io.ebpf4j.hooks.syscall;

import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import java.util.Locale;
import java.util.Set;

/** Chooses {@link SyscallLatency}'s attach path from the capability report. */
final class AttachPaths {
    private AttachPaths() {}

    static SyscallLatencyState choose(AttachPath forced, Set<Syscall> syscalls) {
        if (forced != null) {
            return new SyscallLatencyState(forced, "requested by the application", syscalls);
        }
        return choose(KernelCapabilities.cached(), System.getProperty("os.arch", ""), syscalls);
    }

    /**
     * Kprobes where the kernel has them and the object reads this architecture's return register;
     * else raw tracepoints where the kernel has them and the object knows this architecture's syscall
     * numbers (no tracefs needed); else the syscall tracepoints.
     */
    static SyscallLatencyState choose(CapabilityReport report, String osArch, Set<Syscall> syscalls) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        CheckResult kprobes = report.check(KernelFeature.KPROBE_ATTACH);
        if (kprobes.ok() && x86) {
            return new SyscallLatencyState(AttachPath.KPROBE, "kprobes available", syscalls);
        }
        String noKprobes = kprobes.ok()
                ? "the bundled kretprobe programs read the x86_64 return register; this is " + osArch
                : "kprobes unavailable: " + kprobes.missing().get(0).describe();
        CheckResult raw = report.check(KernelFeature.RAW_TRACEPOINT_ATTACH);
        if (!raw.ok()) {
            return new SyscallLatencyState(AttachPath.TRACEPOINT, noKprobes + "; raw tracepoints unavailable: "
                    + raw.missing().get(0).describe(), syscalls);
        }
        if (!x86 && !arch.equals("aarch64") && !arch.equals("arm64")) {
            return new SyscallLatencyState(AttachPath.TRACEPOINT, noKprobes + "; the bundled raw tracepoint programs "
                    + "know the syscall numbers of x86_64 and arm64; this is " + osArch, syscalls);
        }
        return new SyscallLatencyState(AttachPath.RAW_TRACEPOINT, noKprobes
                + "; raw tracepoints sys_enter/sys_exit (no tracefs needed)", syscalls);
    }
}
