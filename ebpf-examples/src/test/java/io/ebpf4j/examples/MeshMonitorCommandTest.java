package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mesh-monitor} in a child JVM: the embedded demo on the real kernel (scraped while it runs,
 * checked by promtool, and nothing left behind afterwards), a bad interface, and an unprivileged
 * run on {@code lo} in degraded mode.
 */
class MeshMonitorCommandTest {
    static final List<String> PEERS = List.of("spiffe://demo.ebpf4j.io/node/2", "spiffe://demo.ebpf4j.io/node/3");

    @Test
    @RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN,
        KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP,
            mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
    void theDemoServesGrowingPerPeerSeriesAndLeavesNothingBehind() throws Exception {
        Set<String> programs = new TreeSet<>();
        String suffix;
        RunningCli cli = RunningCli.start(List.of(), ChildJvm.classPath(), "mesh-monitor", "--duration", "8s", "--port", "0");
        try {
            URI metrics = URI.create(cli.await(Pattern.compile("metrics: (http://\\S+/metrics)")).group(1));
            suffix = cli.await(Pattern.compile("netns e4jd(\\w+)-n0")).group(1);
            programs.addAll(xdpPrograms(suffix));
            Exposition first = Exposition.scrape(metrics);
            Thread.sleep(1500);
            Exposition second = Exposition.scrape(metrics);
            for (String peer : PEERS) {
                for (String metric : List.of("ebpf4j_mesh_packets_total", "ebpf4j_mesh_bytes_total",
                        "ebpf4j_mesh_probe_replies_total")) {
                    double a = first.sum(metric, "peer", peer);
                    double b = second.sum(metric, "peer", peer);
                    assertTrue(a > 0 && b > a, metric + " for " + peer + " grows: " + a + " then " + b + "\n" + second.text());
                }
                assertTrue(second.sum("ebpf4j_mesh_dropped_total", "peer", peer) > 0, "denied port drops for " + peer);
            }
            for (int n = 1; n <= 3; n++) { // every node's filter is served, told apart by its node label
                String node = "spiffe://demo.ebpf4j.io/node/" + n;
                for (int p = 1; p <= 3; p++) {
                    String peer = "spiffe://demo.ebpf4j.io/node/" + p;
                    double packets = second.sum("ebpf4j_mesh_packets_total", "node", node, "peer", peer);
                    if (p == n) {
                        assertEquals(0, packets, node + " is not its own peer");
                    } else {
                        assertTrue(packets > first.sum("ebpf4j_mesh_packets_total", "node", node, "peer", peer),
                                "packets from " + peer + " seen by " + node + " grow:\n" + second.text());
                    }
                }
                assertEquals(1, second.find("ebpf4j_hook_info", "node", node).size(), second.text());
            }
            assertEquals(0, cli.process().waitFor(), cli.output());
        } finally {
            cli.stop();
        }
        String out = cli.output();
        ChildJvm.assertNoCrash(new ChildJvm.Outcome(cli.process().exitValue(), out));
        assertTrue(out.contains("node 1 mode: EBPF") && out.contains("node 3 mode: EBPF"), out);
        assertTrue(out.contains("alerts: probe loss"), out);
        for (String node : List.of("node/1", "node/2", "node/3")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(node + " ") && l.contains("spiffe://demo.ebpf4j.io/node/")),
                    "a table row of " + node + ":\n" + out);
        }
        assertNothingLeft(suffix, programs);
    }

    @Test
    @RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN,
        KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP,
            mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
    void sigtermWhileRunningRemovesEverything() throws Exception {
        RunningCli cli = RunningCli.start(List.of(), ChildJvm.classPath(), "mesh-monitor", "--port", "0", "--interval", "500ms");
        String suffix;
        Set<String> programs;
        try {
            suffix = cli.await(Pattern.compile("netns e4jd(\\w+)-n0")).group(1);
            cli.await(Pattern.compile("node/3 +spiffe://demo\\.ebpf4j\\.io/node/2"));
            programs = xdpPrograms(suffix);
        } finally {
            cli.stop(); // SIGTERM, as Ctrl-C would: the shutdown hook cleans up
        }
        assertNotEquals(0, cli.process().exitValue(), "killed, not finished");
        ChildJvm.assertNoCrash(new ChildJvm.Outcome(cli.process().exitValue(), cli.output()));
        assertNothingLeft(suffix, programs);
    }

    /** The ids of the XDP programs attached in the demo's three namespaces (two interfaces each). */
    static Set<String> xdpPrograms(String suffix) throws Exception {
        Set<String> programs = new TreeSet<>();
        for (int n = 0; n < 3; n++) {
            String links = Shell.run("ip", "-n", "e4jd" + suffix + "-n" + n, "-d", "link", "show");
            Matcher m = Pattern.compile("prog/xdp id (\\d+)").matcher(links);
            int found = 0;
            while (m.find()) {
                programs.add(m.group(1));
                found++;
            }
            assertEquals(2, found, "both interfaces of node " + (n + 1) + " carry the filter:\n" + links);
        }
        return programs;
    }

    /** No namespace, veth, link or program of the demo with {@code suffix} remains. */
    static void assertNothingLeft(String suffix, Set<String> programs) throws Exception {
        assertFalse(Shell.run("ip", "netns", "list").contains(suffix), "namespaces removed");
        assertFalse(Shell.run("ip", "-o", "link", "show").contains("e4j" + suffix), "veth pairs removed");
        String links = Shell.run("bpftool", "link", "show");
        for (String id : programs) {
            assertFalse(Pattern.compile("prog " + id + "\\b").matcher(links).find(), "link of program " + id + " left:\n" + links);
            assertNotEquals(0, Shell.exit("bpftool", "prog", "show", "id", id), "program " + id + " unloaded");
        }
    }

    @Test
    void aMissingInterfaceIsACleanErrorWithANonZeroExit() throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(List.of(), ChildJvm.classPath(), List.of(),
                "mesh-monitor", "-i", "e4jnosuchif0", "--duration", "2s", "--port", "0");
        ChildJvm.assertNoCrash(o);
        assertEquals(2, o.exitCode(), o.output());
        assertTrue(o.output().contains("no network interface 'e4jnosuchif0'"), o.output());
        assertFalse(o.output().contains("metrics: http"), "nothing served:\n" + o.output());
    }

    @Test
    void unprivilegedOnLoServesMetricsInDegradedModeAndSaysWhy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue(KernelCapabilities.cached().privileges().uid() == 0, "needs root to drop privileges");
        Path dir = Files.createTempDirectory("ebpf4j-cp-");
        try {
            String cp = ChildJvm.worldReadableCopy(dir);
            RunningCli cli = RunningCli.start(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all"), cp, "mesh-monitor", "-i", "lo", "--duration", "6s", "--port", "0");
            try {
                URI metrics = URI.create(cli.await(Pattern.compile("metrics: (http://\\S+/metrics)")).group(1));
                String reason = cli.await(Pattern.compile("mode: DEGRADED \\((.+)\\)")).group(1);
                assertFalse(reason.isBlank());
                Exposition s = Exposition.scrape(metrics);
                assertFalse(s.find("ebpf4j_hook_info", "hook", "mesh_filter", "degraded", "true").isEmpty(), s.text());
                assertTrue(s.find("ebpf4j_interface_receive_packets_total").stream()
                        .anyMatch(x -> x.labels().equals(Map.of("interface", "lo"))), "/proc counters:\n" + s.text());
                assertEquals(0, cli.process().waitFor(), cli.output());
            } finally {
                cli.stop();
            }
            ChildJvm.assertNoCrash(new ChildJvm.Outcome(cli.process().exitValue(), cli.output()));
            assertTrue(cli.output().contains("degraded: no per-peer counters"), cli.output());
        } finally {
            ChildJvm.deleteTree(dir);
        }
    }

    @Test
    void anUnprivilegedDemoFailsCleanlySayingItNeedsRoot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue(KernelCapabilities.cached().privileges().uid() == 0, "needs root to drop privileges");
        Path dir = Files.createTempDirectory("ebpf4j-cp-");
        try {
            ChildJvm.Outcome o = ChildJvm.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all"), ChildJvm.worldReadableCopy(dir), List.of(),
                    "mesh-monitor", "--duration", "2s", "--port", "0");
            ChildJvm.assertNoCrash(o);
            assertEquals(1, o.exitCode(), o.output());
            assertTrue(o.output().contains("the demo needs root"), o.output());
            assertTrue(o.output().contains("mesh-monitor -i lo"), "the way out:\n" + o.output());
            Matcher m = Pattern.compile("ip netns add e4jd(\\w+)-n0").matcher(o.output());
            if (m.find()) {
                assertFalse(Shell.run("ip", "netns", "list").contains(m.group(1)), "nothing created");
            }
        } finally {
            ChildJvm.deleteTree(dir);
        }
    }

    /** Runs a command; its output, or a failure with it. */
    static final class Shell {
        private Shell() {}

        static String run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
            return out;
        }

        static int exit(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        }
    }
}
