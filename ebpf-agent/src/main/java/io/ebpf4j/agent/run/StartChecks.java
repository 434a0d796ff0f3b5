package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.MissingRequirement;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.procfs.NetDev;
import io.ebpf4j.kernel.Requirement;
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
    /**
     * The capabilities of the mesh filter besides CAP_BPF (the basics): CAP_NET_ADMIN to attach XDP,
     * CAP_PERFMON for the verifier to accept its packet pointer arithmetic.
     */
    static final List<Requirement> FILTER_PRIVILEGES = List.of(KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_PERFMON);
    /**
     * The syscall latency hook: a ring buffer for slow calls and CAP_PERFMON. Its attach path (kprobes,
     * raw tracepoints, syscall tracepoints) is chosen by the hook, which says why when none works.
     * Raw tracepoints (4.17) are older than the ring buffer (5.8), and need no tracefs.
     */
    static final List<Requirement> SYSCALL_HOOK = List.of(KernelFeature.RING_BUFFER, KernelFeature.CAP_PERFMON);
    /** Network events: a ring buffer, CAP_PERFMON, and kernel BTF (its programs read the socket with CO-RE). */
    static final List<Requirement> NET_EVENTS = List.of(KernelFeature.RING_BUFFER, KernelFeature.CAP_PERFMON,
            KernelFeature.BTF);

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
        // a missing capability first, alone: the kernel's probe loads and attaches it also makes fail
        // ("program type xdp: unavailable ...; needs Linux 4.8+") are its consequences, not causes
        List<MissingRequirement> missing = new ArrayList<>(report.check(FILTER_PRIVILEGES).missing());
        if (missing.isEmpty()) {
            missing.addAll(MeshFilter.check().missing());
        }
        for (MissingRequirement m : missing) { // BPF_LINK included: the agent's filter is pinned (no netlink fallback)
            problems.add(FILTER_PRIVILEGES.contains(m.requirement()) ? privilege(m) : "mesh filter needs " + m.describe());
        }
        return problems;
    }

    /** A missing capability of the filter in one line: which, why it is needed, the evidence, the remedy. */
    private static String privilege(MissingRequirement m) {
        String why = m.requirement() == KernelFeature.CAP_PERFMON
                ? "the verifier accepts the filter's packet pointer arithmetic only from a loader with CAP_PERFMON"
                : "attaching XDP needs it";
        return "mesh filter needs " + m.requirement().describe() + " (" + why + "): " + m.reason()
                + (m.remedy().isBlank() ? "" : "; remedy: " + m.remedy());
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
     * Whether the process's network namespace has interface {@code name}: read from /proc/net/dev,
     * which is the calling thread's namespace. (/sys/class/net is the namespace of whoever mounted
     * /sys: an agent started in another namespace with nsenter or systemd's NetworkNamespacePath=
     * would see the host's interfaces there.)
     */
    static boolean interfaceExists(String name) {
        return !name.isBlank() && NetDev.read().containsKey(name);
    }
}
