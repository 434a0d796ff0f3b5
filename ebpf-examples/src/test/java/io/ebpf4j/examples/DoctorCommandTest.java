package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebpf4j.features.Availability;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.HelperSupport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j doctor}, in process and in child JVMs under bad conditions. */
class DoctorCommandTest {

    private static String runInProcess(String... args) {
        Cli.Result r = Cli.run(args);
        return r.exit() + "\n" + r.out();
    }

    private static String line(String output, String name) {
        return output.lines().filter(l -> l.contains(" " + name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in:\n" + output));
    }

    /** The row (not a remedy or fallback line) named {@code name}. */
    private static String row(String output, String name) {
        return output.lines().filter(l -> l.startsWith("  [") && l.substring(12).startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in:\n" + output));
    }

    @Test
    void doctorPrintsEachAttachKindAsTheReportSaysWithRemediesAndFallbacks() {
        String out = runInProcess("doctor");
        CapabilityReport report = KernelCapabilities.cached();
        int exit = Integer.parseInt(out.lines().findFirst().orElseThrow());
        assertEquals(report.basicsMissing().isEmpty() ? 0 : DoctorCommand.EXIT_BASICS_MISSING, exit);
        for (KernelFeature f : List.of(KernelFeature.KPROBE_ATTACH, KernelFeature.TRACEPOINT_ATTACH, KernelFeature.XDP_ATTACH,
                KernelFeature.RING_BUFFER)) {
            Availability a = report.availability(f);
            String l = line(out, f.describe());
            assertEquals(a.isAvailable(), l.contains("[ok]"), l);
            assertTrue(l.contains(a.detail()), l);
        }
        if (!report.has(KernelFeature.KPROBE_ATTACH)) {
            String after = out.substring(out.indexOf(line(out, "kprobe attach")));
            assertTrue(after.lines().limit(4).anyMatch(l -> l.contains("fallback: syscall tracepoints")), after);
        }
        for (String section : List.of("KERNEL", "LIBBPF", "PRIVILEGES", "FILESYSTEMS", "BTF / CO-RE", "PROGRAM TYPES",
                "MAP TYPES", "HELPERS", "LOCKDOWN", "JIT")) {
            assertTrue(out.contains("\n" + section), section);
        }
    }

    @Test
    void jsonParsesWithJacksonAndCarriesTheReport() {
        Cli.Result r = Cli.run("doctor", "--json");
        CapabilityReport report = KernelCapabilities.cached();
        assertEquals(report.basicsMissing().isEmpty() ? DoctorCommand.EXIT_OK : DoctorCommand.EXIT_BASICS_MISSING, r.exit());
        assertEquals(1, r.out().strip().lines().count(), "one line:\n" + r.out());
        JsonNode json = Cli.json(r.out());
        assertEquals(List.of("ok", "basicsMissing", "probedAt", "kernel", "libbpf", "privileges", "filesystems", "btf",
                "lockdown", "jit", "kernelConfig", "features", "featureInfo", "programTypes", "mapTypes", "helpers"),
                names(json));

        assertTrue(json.get("ok").isBoolean());
        assertEquals(report.basicsMissing().isEmpty(), json.get("ok").booleanValue());
        assertEquals(report.basicsMissing(), texts(json.get("basicsMissing")));
        Instant.parse(json.get("probedAt").textValue());
        assertEquals(report.kernel().release(), json.requiredAt("/kernel/release").textValue());
        assertEquals(report.kernel().version().map(Object::toString).orElse(null),
                json.requiredAt("/kernel/version").textValue());
        assertEquals(report.libbpf().usable(), json.requiredAt("/libbpf/usable").booleanValue());
        assertEquals(report.libbpf().path(), json.requiredAt("/libbpf/path").textValue());

        JsonNode privileges = json.get("privileges");
        assertEquals(List.of("uid", "capEff", "capBpf", "capPerfmon", "capNetAdmin", "capSysAdmin",
                "unprivilegedBpfDisabled", "bpfSyscall"), names(privileges));
        assertTrue(privileges.get("uid").isInt());
        assertEquals(report.privileges().uid(), privileges.get("uid").intValue());
        assertEquals(String.format("%016x", report.privileges().effectiveCapabilities()), privileges.get("capEff").textValue());
        assertEquals(report.privileges().capBpf(), privileges.get("capBpf").booleanValue());
        assertVerdict(report.privileges().bpfSyscall(), privileges.get("bpfSyscall"), "bpfSyscall");

        for (String fs : List.of("bpffs", "tracefs", "securityfs")) {
            assertEquals(List.of("type", "mountPoint", "kernelSupportsIt", "mountCommand"),
                    names(json.get("filesystems").get(fs)), fs);
        }
        assertEquals("bpf", json.requiredAt("/filesystems/bpffs/type").textValue());
        assertEquals(report.filesystems().bpffs().mountPoint().orElse(null),
                json.requiredAt("/filesystems/bpffs/mountPoint").textValue());
        assertVerdict(report.btf().vmlinux(), json.requiredAt("/btf/vmlinux"), "btf vmlinux");
        assertEquals(report.lockdown().mode().name().toLowerCase(Locale.ROOT), json.requiredAt("/lockdown/mode").textValue());
        assertEquals(report.lockdown().takesAway(), texts(json.requiredAt("/lockdown/takesAway")));
        assertEquals(report.jit().enable(), json.requiredAt("/jit/enable").intValue());
        assertEquals(report.config().values().size(), json.requiredAt("/kernelConfig/options").intValue());

        assertEquals(KernelFeature.values().length, json.get("features").size());
        for (KernelFeature f : KernelFeature.values()) {
            assertEquals(report.availability(f).status().name(),
                    json.get("features").get(f.name()).get("status").textValue(), f.name());
            JsonNode info = json.get("featureInfo").get(f.name());
            assertEquals(f.describe(), info.get("description").textValue(), f.name());
            assertEquals(f.sinceKernel(), info.get("sinceKernel").textValue(), f.name());
            assertEquals(f.fallback().orElse(null), info.get("fallback").textValue(), f.name());
        }
        assertEquals(report.programTypes().size(), json.get("programTypes").size());
        report.programTypes().forEach((t, a) -> assertEquals(a.status().name(),
                json.get("programTypes").get(t.name().toLowerCase(Locale.ROOT)).get("status").textValue(), t.name()));
        assertEquals(report.mapTypes().size(), json.get("mapTypes").size());
        report.mapTypes().forEach((t, a) -> assertEquals(a.status().name(),
                json.get("mapTypes").get(t.name().toLowerCase(Locale.ROOT)).get("status").textValue(), t.name()));
        assertEquals(report.helpers().size(), json.get("helpers").size());
        for (int i = 0; i < report.helpers().size(); i++) {
            HelperSupport h = report.helpers().get(i);
            JsonNode node = json.get("helpers").get(i);
            assertEquals(List.of("programType", "helper", "id", "availability"), names(node));
            assertEquals(h.programType().name().toLowerCase(Locale.ROOT), node.get("programType").textValue());
            assertEquals(h.helper(), node.get("helper").textValue());
            assertEquals(h.id(), node.get("id").intValue());
            assertEquals(h.availability().status().name(), node.get("availability").get("status").textValue(), h.helper());
        }
    }

    private static void assertVerdict(Availability expected, JsonNode actual, String what) {
        assertEquals(List.of("status", "detail", "remedy"), names(actual), what);
        assertEquals(expected.status().name(), actual.get("status").textValue(), what);
        assertTrue(actual.get("detail").isTextual() && actual.get("remedy").isTextual(), what + ": " + actual);
    }

    /** The member names of an object, in order. */
    static List<String> names(JsonNode object) {
        assertTrue(object != null && object.isObject(), "an object: " + object);
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The strings of an array. */
    static List<String> texts(JsonNode array) {
        assertTrue(array != null && array.isArray(), "an array: " + array);
        List<String> out = new ArrayList<>();
        array.forEach(e -> {
            assertTrue(e.isTextual(), "a string: " + e);
            out.add(e.textValue());
        });
        return out;
    }

    @Test
    void aWrongLibbpfPathGivesAClearMessageAndANonZeroExit() throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(List.of(), ChildJvm.classPath(),
                List.of("-Debpf4j.libbpf.path=/nonexistent/libbpf.so.1"), "doctor");
        ChildJvm.assertNoCrash(o);
        assertNotEquals(0, o.exitCode(), o.output());
        assertTrue(o.output().contains("libbpf unusable"), o.output());
        assertTrue(o.output().contains("/nonexistent/libbpf.so.1"), o.output());
        assertTrue(o.output().contains("-Debpf4j.libbpf.path"), "names the setting to fix:\n" + o.output());
    }

    @Test
    void anUnprivilegedRunReportsMissingPrivilegesWithTheRemedy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue(KernelCapabilities.cached().privileges().uid() == 0, "needs root to drop privileges");
        Path dir = Files.createTempDirectory("ebpf4j-cp-");
        try {
            String cp = ChildJvm.worldReadableCopy(dir);
            ChildJvm.Outcome o = ChildJvm.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all"), cp, List.of(), "doctor");
            ChildJvm.assertNoCrash(o);
            assertEquals(DoctorCommand.EXIT_BASICS_MISSING, o.exitCode(), o.output());
            assertTrue(o.output().contains("no privilege to load BPF programs"), o.output());
            assertTrue(o.output().contains("setcap cap_bpf"), "remedy:\n" + o.output());
            assertTrue(line(o.output(), "CAP_BPF (or CAP_SYS_ADMIN)").contains("[MISSING]"), o.output());
        } finally {
            ChildJvm.deleteTree(dir);
        }
    }

    /**
     * As the agent's systemd unit runs it: an unprivileged user holding exactly CAP_BPF, CAP_PERFMON and
     * CAP_NET_ADMIN. CAP_SYS_ADMIN is not needed, so the doctor does not call it missing; a tracefs it
     * cannot read is named with its mode and owner, and raw tracepoints (which need none) are there.
     */
    @Test
    void withTheAgentsThreeCapabilitiesNothingIsMissingAndAnUnreadableTracefsIsNamed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue(KernelCapabilities.cached().privileges().uid() == 0, "needs root to drop privileges");
        Path dir = Files.createTempDirectory("ebpf4j-cp-");
        try {
            String caps = "+bpf,+perfmon,+net_admin";
            ChildJvm.Outcome o = ChildJvm.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all," + caps, "--ambient-caps=-all," + caps, "--bounding-set=-all," + caps),
                    ChildJvm.worldReadableCopy(dir), List.of(), "doctor");
            ChildJvm.assertNoCrash(o);
            assertEquals(0, o.exitCode(), o.output());
            for (String cap : List.of("CAP_BPF (or CAP_SYS_ADMIN)", "CAP_PERFMON (or CAP_SYS_ADMIN)", "CAP_NET_ADMIN")) {
                assertTrue(row(o.output(), cap).contains("[ok]"), o.output());
            }
            String sysAdmin = row(o.output(), "CAP_SYS_ADMIN");
            assertTrue(sysAdmin.contains(DoctorText.NOT_NEEDED) && sysAdmin.contains("not needed"), sysAdmin);
            assertTrue(row(o.output(), "raw tracepoint attach").contains("[ok]"), o.output());
            Path tracefs = Path.of("/sys/kernel/tracing");
            if (Files.isDirectory(tracefs.resolve("events")) && (Integer) Files.getAttribute(tracefs, "unix:mode") % 8 == 0) {
                String tp = row(o.output(), "tracepoint attach");
                assertTrue(tp.contains("[setup]") && tp.contains("tracefs at /sys/kernel/tracing is not readable by this "
                        + "process (mode 0") && tp.contains(", owner root)"), tp);
                assertTrue(o.output().contains("remedy: attach as a raw tracepoint instead"), o.output());
            }
        } finally {
            ChildJvm.deleteTree(dir);
        }
    }

    @Test
    void withoutTracefsDoctorSaysSoWithTheMountCommand() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        assumeTrue(KernelCapabilities.cached().privileges().capSysAdmin(), "needs CAP_SYS_ADMIN for a mount namespace");
        String unmountAll = "for m in $(awk '$3==\"tracefs\"{print $2}' /proc/self/mounts | sort -r); do umount -l \"$m\"; done; "
                + "exec \"$@\"";
        ChildJvm.Outcome o = ChildJvm.run(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", unmountAll, "sh"),
                ChildJvm.classPath(), List.of(), "doctor");
        ChildJvm.assertNoCrash(o);
        String tracefs = line(o.output(), "tracefs mounted");
        assertTrue(tracefs.contains("[setup]") && tracefs.contains("tracefs is not mounted"), o.output());
        assertTrue(o.output().contains("remedy: mount -t tracefs tracefs /sys/kernel/tracing"), o.output());
        assertTrue(line(o.output(), "tracepoint attach").contains("need tracefs"), o.output());
    }
}
