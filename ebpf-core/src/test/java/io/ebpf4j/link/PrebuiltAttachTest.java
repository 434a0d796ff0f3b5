package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.prebuilt.Prebuilt;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object ebpf-native ships loads on the running kernel with all its programs, and each program
 * attaches where its section says: XDP and tc on a veth, tracepoints by name, kprobes on their
 * function. The paths a kernel forces are decided from its own evidence: tc goes through tcx where
 * the kernel's BTF knows {@code BPF_TCX_INGRESS} (Linux 6.6+), through a clsact qdisc otherwise;
 * kprobes attach where the capability report has them and fail naming the fallback elsewhere.
 * Each attachment is checked with bpftool and published as a report entry ("attach").
 */
@RequiresKernel(value = {KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_PERFMON,
        KernelFeature.TRACEFS, KernelFeature.CO_RE},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS, ProgramType.TRACEPOINT, ProgramType.KPROBE})
class PrebuiltAttachTest {

    static Stream<String> objects() {
        return Prebuilt.bundled().names().stream();
    }

    /** Whether this kernel has tcx, from its BTF: enum bpf_attach_type has BPF_TCX_INGRESS. */
    static boolean kernelHasTcx() {
        try (Btf btf = Btf.vmlinux()) {
            return btf.find("bpf_attach_type", BtfKind.ENUM).map(t -> ((BtfType.Enum) t).values().stream()
                    .anyMatch(v -> v.name().equals("BPF_TCX_INGRESS"))).orElse(false);
        }
    }

    @ParameterizedTest
    @MethodSource("objects")
    void loadsAndEveryProgramAttachesWhereItsSectionSays(String object, TestReporter reporter) {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(object), object);
        spec.programs().forEach(p -> p.setAutoload(true)); // both attach paths of an object, where it has two
        boolean kprobes = KernelCapabilities.cached().has(KernelFeature.KPROBE_ATTACH);
        boolean tcx = kernelHasTcx();
        List<String> done = new ArrayList<>();
        try (VethPair veth = VethPair.create(); BpfObject obj = spec.load()) {
            assertFalse(obj.programs().isEmpty(), object + " has programs");
            for (Program p : obj.programs()) {
                String section = p.section();
                if (section.startsWith("kprobe/") || section.startsWith("kretprobe/")) {
                    boolean ret = section.startsWith("kretprobe/");
                    String function = section.substring(section.indexOf('/') + 1);
                    if (!kprobes) {
                        MissingFeatureException e = assertThrows(MissingFeatureException.class,
                                () -> (ret ? Kprobe.attachReturn(p, function) : Kprobe.attach(p, function)).close());
                        assertTrue(e.fallback().isPresent(), e.getMessage());
                        done.add(p.name() + ": no kprobes here (" + e.fallback().orElseThrow() + ")");
                        continue;
                    }
                    try (Link link = ret ? Kprobe.attachReturn(p, function) : Kprobe.attach(p, function)) {
                        assertAttachedAsPerfEvent(p, function);
                        done.add(p.name() + ": " + link.target());
                    }
                } else if (section.startsWith("tracepoint/")) {
                    String[] parts = section.split("/");
                    try (Link link = Tracepoint.attach(p, parts[1], parts[2])) {
                        assertAttachedAsPerfEvent(p, parts[2]);
                        done.add(p.name() + ": " + link.target());
                    }
                } else if (section.startsWith("raw_tracepoint/") || section.startsWith("raw_tp/")) {
                    String tracepoint = section.substring(section.indexOf('/') + 1);
                    try (Link link = RawTracepoint.attach(p, tracepoint)) {
                        assertTrue(linkShowHas(p, tracepoint), "bpftool link show lists " + p.name() + " on " + tracepoint);
                        done.add(p.name() + ": " + link.target());
                    }
                    assertFalse(linkShowHas(p, tracepoint), "detached on close");
                } else if (section.equals("xdp")) {
                    try (Link link = Xdp.attach(p, veth.hostIf())) {
                        assertTrue(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
                        assertTrue(netShowHas(veth.hostIf(), p), "bpftool lists the attachment of " + p.name());
                        done.add(p.name() + ": " + link.target());
                    }
                } else if (section.equals("tc")) {
                    try (Link link = Tc.attach(p, veth.hostIf(), TcDirection.INGRESS)) {
                        assertTrue(link.target().endsWith(tcx ? "(tcx)" : "(clsact)"),
                                "tcx " + (tcx ? "is" : "is not") + " in this kernel's BTF, yet: " + link.target());
                        assertTrue(netShowHas(veth.hostIf(), p), "bpftool lists the attachment of " + p.name());
                        done.add(p.name() + ": " + link.target());
                    }
                    assertFalse(netShowHas(veth.hostIf(), p), "detached on close");
                } else {
                    fail(object + ": no attach rule for section '" + section + "' of " + p.name() + " in this test");
                }
            }
        }
        assertEquals(spec.programs().size(), done.size(), done.toString());
        reporter.publishEntry("attach", object + ": " + String.join("; ", done));
    }

    /** bpftool link show: a raw tracepoint link of {@code p} on {@code tracepoint}. */
    private static boolean linkShowHas(Program p, String tracepoint) {
        int id = p.info().id();
        for (JsonNode link : Bpftool.json("link", "show")) {
            if (link.path("prog_id").asInt() == id && link.toString().contains(tracepoint)) {
                return true;
            }
        }
        return false;
    }

    /** bpftool perf show: the kernel's perf-event attachments (tracepoints, kprobes) of this process. */
    private static void assertAttachedAsPerfEvent(Program p, String what) {
        int id = p.info().id();
        long pid = ProcessHandle.current().pid();
        JsonNode perf = Bpftool.json("perf", "show");
        for (JsonNode e : perf) {
            if (e.path("pid").asLong() == pid && e.path("prog_id").asInt() == id) {
                assertTrue(e.toString().contains(what), e.toString());
                return;
            }
        }
        fail("bpftool perf show has no attachment of program id " + id + " (" + p.name() + "): " + perf);
    }

    /**
     * The kernel holds an attachment of {@code p} on the interface: bpftool net show dev IF (XDP, clsact
     * filters), or a bpf_link of the program in bpftool link show (tcx: bpftool 7.1, Debian 12's, does
     * not list tcx in net show).
     */
    private static boolean netShowHas(String ifname, Program p) {
        int id = p.info().id();
        if (Bpftool.json("net", "show", "dev", ifname).toString().contains("\"id\":" + id)) {
            return true;
        }
        for (JsonNode link : Bpftool.json("link", "show")) {
            if (link.path("prog_id").asInt() == id) {
                return true;
            }
        }
        return false;
    }
}
