package io.ebpf4j;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Program section names that libbpf learned after 1.1 (the oldest libbpf ebpf4j runs on): an older
 * libbpf cannot tell such a program's type from its section and refuses the object. Each names the
 * libbpf release that knows it and, where the section is a newer kernel feature, the first kernel that
 * has it. Patterns are libbpf's: {@code name+} is {@code name} or {@code name/<target>}.
 */
enum NewerSection {
    SLEEPABLE_STRUCT_OPS("sleepable struct_ops programs", 1, 2, null, "struct_ops.s+"),
    UPROBE_MULTI("multi-uprobe programs", 1, 3, "6.6",
            "uprobe.multi+", "uprobe.multi.s+", "uretprobe.multi+", "uretprobe.multi.s+"),
    SLEEPABLE_USDT("sleepable USDT programs", 1, 3, null, "usdt.s+"),
    TCX("tcx programs", 1, 3, "6.6", "tcx/ingress", "tcx/egress", "tc/ingress", "tc/egress"),
    NETKIT("netkit programs", 1, 3, "6.7", "netkit/primary", "netkit/peer"),
    NETFILTER("netfilter programs", 1, 3, "6.4", "netfilter"),
    CGROUP_UNIX("cgroup hooks of unix sockets", 1, 3, "6.7", "cgroup/connect_unix", "cgroup/sendmsg_unix",
            "cgroup/recvmsg_unix", "cgroup/getpeername_unix", "cgroup/getsockname_unix"),
    SK_SKB_VERDICT("sk_skb verdict programs", 1, 4, null, "sk_skb/verdict"),
    KPROBE_SESSION("kprobe session programs", 1, 5, "6.10", "kprobe.session+"),
    UPROBE_SESSION("uprobe session programs", 1, 6, "6.13", "uprobe.session+", "uprobe.session.s+");

    private final String feature;
    private final int libbpfMajor;
    private final int libbpfMinor;
    private final String sinceKernel;
    private final List<String> patterns;

    NewerSection(String feature, int libbpfMajor, int libbpfMinor, String sinceKernel, String... patterns) {
        this.feature = feature;
        this.libbpfMajor = libbpfMajor;
        this.libbpfMinor = libbpfMinor;
        this.sinceKernel = sinceKernel;
        this.patterns = List.of(patterns);
    }

    /** The newer section {@code section} is, if any (a leading {@code ?}, autoload off, is ignored). */
    static Optional<NewerSection> of(String section) {
        String s = section.startsWith("?") ? section.substring(1) : section;
        return Arrays.stream(values()).filter(n -> n.patterns.stream().anyMatch(p -> matches(p, s))).findFirst();
    }

    private static boolean matches(String pattern, String section) {
        if (pattern.endsWith("+")) {
            String base = pattern.substring(0, pattern.length() - 1);
            return section.equals(base) || section.startsWith(base + "/");
        }
        return section.equals(pattern);
    }

    /** What the section declares, e.g. "multi-uprobe programs". */
    String feature() {
        return feature;
    }

    /** The libbpf release that knows the section, e.g. "1.3". */
    String libbpf() {
        return libbpfMajor + "." + libbpfMinor;
    }

    int libbpfMajor() {
        return libbpfMajor;
    }

    int libbpfMinor() {
        return libbpfMinor;
    }

    /** The first kernel with the feature, or null when it needs no newer kernel than its program type. */
    String sinceKernel() {
        return sinceKernel;
    }
}
