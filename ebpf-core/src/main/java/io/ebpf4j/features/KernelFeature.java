package io.ebpf4j.features;

import io.ebpf4j.kernel.Requirement;
import java.util.Optional;

/**
 * Named kernel capabilities an application can require, each with the first Linux version that has
 * it and, where ebpf4j has one, the fallback it uses when it is missing. Ask a
 * {@link CapabilityReport} with {@link CapabilityReport#check(Requirement...)}.
 */
public enum KernelFeature implements Requirement {
    XDP_ATTACH("XDP attach", "4.8", null),
    TC_ATTACH("tc (clsact) attach", "4.1", null),
    TRACEPOINT_ATTACH("tracepoint attach", "4.7", "raw tracepoint attach (by name with bpf(), no tracefs needed)"),
    RAW_TRACEPOINT_ATTACH("raw tracepoint attach", "4.17", "tracepoint attach"),
    KPROBE_ATTACH("kprobe attach", "4.1", "syscall tracepoints (syscalls:sys_enter_*/sys_exit_*)"),
    UPROBE_ATTACH("uprobe attach", "4.3", null),
    FENTRY_ATTACH("fentry/fexit attach", "5.5", "kprobe, or a tracepoint when kprobes are unavailable"),
    LSM_ATTACH("BPF LSM attach", "5.7", null),
    RING_BUFFER("BPF ring buffer", "5.8", "perf buffer (BPF_MAP_TYPE_PERF_EVENT_ARRAY)"),
    PERF_BUFFER("perf buffer", "4.3", null),
    BTF("kernel BTF (/sys/kernel/btf/vmlinux)", "5.4", "an external BTF file for this kernel (e.g. from BTFHub)"),
    CO_RE("CO-RE (compile once, run everywhere)", "5.8", "an external BTF file for this kernel (e.g. from BTFHub)"),
    BPF_LINK("bpf_link", "5.7", "legacy attachment (perf event ioctl, netlink)"),
    BATCH_OPS("batched map operations", "5.6", "element-by-element map iteration"),
    MMAPABLE_ARRAY("memory-mapped array maps", "5.5", "element-wise array access through bpf()"),
    PROG_TEST_RUN("BPF_PROG_TEST_RUN", "4.12", null),
    BPFFS("bpffs mounted", "4.4", null),
    TRACEFS("tracefs mounted", "4.1", null),
    BPF_SYSCALL("bpf() syscall usable by this process", "3.18", null),
    CAP_BPF("CAP_BPF (or CAP_SYS_ADMIN)", "5.8", null),
    CAP_PERFMON("CAP_PERFMON (or CAP_SYS_ADMIN)", "5.8", null),
    CAP_NET_ADMIN("CAP_NET_ADMIN", "2.2", null),
    CAP_SYS_ADMIN("CAP_SYS_ADMIN", "2.2", null);

    private final String description;
    private final String sinceKernel;
    private final String fallback;

    KernelFeature(String description, String sinceKernel, String fallback) {
        this.description = description;
        this.sinceKernel = sinceKernel;
        this.fallback = fallback;
    }

    /** The first Linux version that has it. */
    public String sinceKernel() {
        return sinceKernel;
    }

    /** What ebpf4j uses when it is missing, if anything. */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    @Override
    public String describe() {
        return description;
    }
}
