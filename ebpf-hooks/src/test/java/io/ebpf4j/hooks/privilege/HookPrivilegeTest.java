package io.ebpf4j.hooks.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.DroppedPrivileges;
import io.ebpf4j.testkit.PrometheusServer;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The syscall hook and network events in a child JVM run as user nobody holding exactly the
 * capabilities each test names ({@code setpriv}): CAP_BPF and CAP_PERFMON suffice (raw tracepoints,
 * no tracefs); with one of them less each hook refuses with one readable line naming it; the
 * tracepoint path, which reads tracefs, refuses with the line naming tracefs' mode and owner unless
 * the process may read it (CAP_DAC_READ_SEARCH, the documented cost of tracefs-based attach).
 */
@RequiresKernel({KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER,
        KernelFeature.BTF, KernelFeature.CAP_SYS_ADMIN})
class HookPrivilegeTest {
    private static final List<String> ALL = List.of("syscall:default", "net:default", "syscall:TRACEPOINT", "net:TRACEPOINT");
    private static Path dir;
    private static String classPath;

    @BeforeAll
    static void copyClassPath() throws Exception {
        String why = DroppedPrivileges.unavailable();
        assumeTrue(why == null, why);
        dir = Files.createTempDirectory("ebpf4j-cp-");
        classPath = DroppedPrivileges.worldReadableClassPath(dir);
    }

    @AfterAll
    static void removeCopy() {
        if (dir != null) {
            PrometheusServer.deleteTree(dir);
        }
    }

    /** The child's lines (one per argument), as nobody with exactly {@code caps}. */
    private static List<String> run(List<String> caps, List<String> checks) throws Exception {
        List<String> cmd = new ArrayList<>(DroppedPrivileges.setpriv(DroppedPrivileges.NOBODY, caps));
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, HookPrivilegeMain.class.getName()));
        cmd.addAll(checks);
        Process p = new ProcessBuilder(cmd).directory(new File("/tmp")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        System.out.println("OBSERVED caps " + caps + ":\n" + out);
        List<String> lines = out.lines().filter(l -> l.startsWith("syscall ") || l.startsWith("net ")).toList();
        assertEquals(checks.size(), lines.size(), out);
        return lines;
    }

    /** Whether tracefs is mounted and closed to other users (mode 0700 and the like), as on this kernel by default. */
    private static boolean tracefsClosedToOthers() throws Exception {
        Path t = Path.of("/sys/kernel/tracing");
        return Files.isDirectory(t.resolve("events")) && ((Integer) Files.getAttribute(t, "unix:mode") & 07) == 0;
    }

    @Test
    void bpfAndPerfmonRunBothHooksOnRawTracepointsAndTheTracepointPathNamesTracefs() throws Exception {
        List<String> lines = run(List.of("bpf", "perfmon"), ALL);
        assertEquals("syscall RAW_TRACEPOINT: counted 100", lines.get(0));
        assertEquals("net RAW_TRACEPOINT: counted 1", lines.get(1));
        if (tracefsClosedToOthers()) {
            assertTrue(lines.get(2).startsWith("syscall TRACEPOINT: refused: attaching tracepoint syscalls:sys_exit_sendto "
                    + "failed: EACCES (Permission denied); tracefs at /sys/kernel/tracing is not readable by this process "
                    + "(mode 0"), lines.get(2));
            assertTrue(lines.get(3).startsWith("net TRACEPOINT: refused: loading net_events failed: none of the requested "
                    + "tracepoints can be used here: tracefs at /sys/kernel/tracing is not readable by this process (mode 0"),
                    lines.get(3));
            for (String refusal : lines.subList(2, 4)) {
                assertTrue(refusal.contains(", owner root)") && refusal.contains("emedy: attach as a raw tracepoint instead"),
                        refusal);
            }
        }
    }

    @Test
    void withOneCapabilityLessEachHookNamesIt() throws Exception {
        for (String line : run(List.of("bpf"), ALL.subList(0, 2))) {
            assertTrue(line.contains(": refused: starting ") && line.contains(" failed: EPERM (Operation not permitted); "
                    + "CAP_PERFMON is not effective (CapEff=") && line.contains("uid 65534): tracing programs (raw tracepoints, "
                    + "tracepoints, kprobes) need CAP_BPF and CAP_PERFMON. Remedy: "), line);
        }
        for (String line : run(List.of("perfmon"), ALL.subList(0, 2))) {
            assertTrue(line.contains(": refused: starting ") && line.contains("cannot load BPF programs: no privilege to load "
                    + "BPF programs: EPERM"), line);
        }
    }

    @Test
    void readingTracefsIsWhatTheTracepointPathCostsBeyondTheTwo() throws Exception {
        assertEquals(List.of("syscall TRACEPOINT: counted 100", "net TRACEPOINT: counted 1"),
                run(List.of("bpf", "perfmon", "dac_read_search"), List.of("syscall:TRACEPOINT", "net:TRACEPOINT")));
    }
}
