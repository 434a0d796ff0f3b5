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

    /** Kprobes where the kernel has them and the object reads this architecture's return register. */
    static SyscallLatencyState choose(CapabilityReport report, String osArch, Set<Syscall> syscalls) {
        CheckResult kprobes = report.check(KernelFeature.KPROBE_ATTACH);
        if (!kprobes.ok()) {
            return new SyscallLatencyState(AttachPath.TRACEPOINT,
                    "kprobes unavailable: " + kprobes.missing().get(0).describe(), syscalls);
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new SyscallLatencyState(AttachPath.TRACEPOINT,
                    "the bundled kretprobe programs read the x86_64 return register; this is " + osArch, syscalls);
        }
        return new SyscallLatencyState(AttachPath.KPROBE, "kprobes available", syscalls);
    }
}
