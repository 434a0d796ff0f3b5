package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.MissingRequirement;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.kernel.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ebpf4j agent --check} cannot see, checked on the node at start: the interfaces exist
 * in this network namespace, and the kernel and the process's privileges have what each hook needs
 * (from the capability report). The mesh filter's requirements are fatal (with bpf_link: the agent
 * pins the filter, which a netlink attachment cannot be); the syscall hook's and the
 * network events' make their hook skipped with the reason.
 */
final class StartChecks {
    /** Besides {@link MeshFilter#check()}: attaching XDP needs CAP_NET_ADMIN. */
    static final List<Requirement> FILTER_EXTRA = List.of(KernelFeature.CAP_NET_ADMIN);
    /** The syscall latency hook: kprobes or syscall tracepoints, a ring buffer for slow calls, CAP_PERFMON. */
    static final List<Requirement> SYSCALL_HOOK = List.of(KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER,
            KernelFeature.CAP_PERFMON);
    /** Network events: tracepoints, a ring buffer, CAP_PERFMON. */
    static final List<Requirement> NET_EVENTS = List.of(KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER,
            KernelFeature.CAP_PERFMON);

    private static final Path PROC_NET_DEV = Path.of("/proc/self/net/dev");

    private StartChecks() {}

    /**
     * The fatal problems: missing interfaces, the basics (libbpf, bpf()), the mesh filter's
     * requirements. Empty when the agent can start its filter.
     */
    static List<String> fatal(AgentPlan plan) {
        List<String> problems = new ArrayList<>();
        List<String> ifs = plan.mesh().interfaces();
        for (int i = 0; i < ifs.size(); i++) {
            String name = ifs.get(i);
            if (!interfaceExists(name)) {
                problems.add("interface '" + name + "' (node.interfaces[" + i + "]) does not exist in this network "
                        + "namespace; remedy: create it or fix node.interfaces (`ip link` lists the interfaces)");
            }
        }
        CapabilityReport report;
        try {
            report = KernelCapabilities.cached();
        } catch (RuntimeException | LinkageError e) {
            problems.add("cannot probe the kernel's capabilities: " + e + "; remedy: install libbpf 1.x (see `ebpf4j doctor`)");
            return problems;
        }
        report.basicsMissing().forEach(b -> problems.add("mesh filter: " + b));
        if (!report.basicsMissing().isEmpty()) {
            return problems;
        }
        List<MissingRequirement> missing = new ArrayList<>(MeshFilter.check().missing());
        missing.addAll(report.check(FILTER_EXTRA).missing());
        for (MissingRequirement m : missing) { // BPF_LINK included: the agent's filter is pinned (no netlink fallback)
            problems.add("mesh filter needs " + m.describe());
        }
        return problems;
    }

    /** Why a hook with {@code requirements} cannot run here, or empty when it can be tried. */
    static Optional<String> skipReason(List<Requirement> requirements) {
        try {
            CapabilityReport report = KernelCapabilities.cached();
            if (!report.basicsMissing().isEmpty()) {
                return Optional.of(String.join("; ", report.basicsMissing()));
            }
            CheckResult r = report.check(requirements);
            return r.ok() ? Optional.empty() : Optional.of(r.describe().replace('\n', ';'));
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("cannot probe the kernel's capabilities: " + e);
        }
    }

    /**
     * Whether this process's network namespace has interface {@code name}: read from
     * {@code /proc/self/net/dev}, which follows the process's namespace whatever is mounted on /sys
     * ({@code nsenter --net} keeps the host's /sys, whose /sys/class/net lists the host's interfaces).
     */
    static boolean interfaceExists(String name) {
        if (name.isBlank() || name.contains("/") || name.contains(":") || name.contains(" ")) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(PROC_NET_DEV)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return Files.exists(Path.of("/sys/class/net").resolve(name)); // no procfs: sysfs, as mounted
        }
    }
}
