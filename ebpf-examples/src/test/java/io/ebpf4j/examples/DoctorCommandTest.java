package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.features.Availability;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void jsonIsValidAndCarriesTheFeatures() {
        String out = runInProcess("doctor", "--json");
        String json = out.substring(out.indexOf('\n') + 1).strip();
        JsonCheck.validate(json);
        CapabilityReport report = KernelCapabilities.cached();
        for (KernelFeature f : KernelFeature.values()) {
            assertTrue(json.contains("\"" + f.name() + "\":{\"status\":\"" + report.availability(f).status() + "\""), f.name());
        }
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
