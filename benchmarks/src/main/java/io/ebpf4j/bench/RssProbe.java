package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.features.LibBpfInfo;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.MmapArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resident memory of a JVM with ebpf4j objects loaded and attached versus without. Each case runs in
 * a child JVM (same java, same class path, fixed heap flags); the child prepares its state, collects
 * garbage, prints READY and waits; the parent reads VmRSS from /proc/&lt;child pid&gt;/status.
 *
 * <p>Cases: {@code idle} (the JVM only), {@code libbpf} (libbpf bound, nothing loaded),
 * {@code loaded} (bench.bpf.o and bench_trace.bpf.o loaded, two tracepoints attached, the mmap'd array
 * mapped).
 */
public final class RssProbe {
    private static final List<String> CASES = List.of("idle", "libbpf", "loaded");

    private RssProbe() {}

    /** Child side: {@code RssProbe CASE}. */
    public static void main(String[] args) throws Exception {
        List<AutoCloseable> keep = new ArrayList<>();
        switch (args[0]) {
            case "idle" -> { }
            case "libbpf" -> {
                LibBpfInfo libbpf = LibBpfInfo.current();
                if (!libbpf.usable()) {
                    throw new IllegalStateException(libbpf.problem());
                }
            }
            case "loaded" -> {
                BpfObject bench = BenchObjects.load(BenchObjects.BENCH);
                BpfObject trace = BenchObjects.load(BenchObjects.TRACE);
                Link a = Tracepoint.attach(trace.program("tp_connect"), "syscalls", "sys_enter_connect");
                Link b = Tracepoint.attach(trace.program("tp_sendto"), "syscalls", "sys_enter_sendto");
                MmapArray<Long> mm = MmapArray.of(bench.map("mm"), Codecs.LONG);
                keep.addAll(List.of(mm, a, b, trace, bench));
            }
            default -> throw new IllegalArgumentException("case: idle, libbpf or loaded");
        }
        System.gc();
        Thread.sleep(200);
        System.out.println("READY");
        System.out.flush();
        System.in.read(); // the parent reads our RSS, then closes our stdin
        for (AutoCloseable c : keep) {
            c.close();
        }
    }

    /** Parent side: median VmRSS (KiB) of {@code runs} children per case. */
    public static List<Figure> measure(int runs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Figure> out = new ArrayList<>();
        for (String c : CASES) {
            long[] rss = new long[runs];
            for (int i = 0; i < runs; i++) {
                rss[i] = child(java, c);
            }
            Arrays.sort(rss);
            out.add(new Figure("rss." + c, rss[runs / 2] / 1024.0, "MiB"));
        }
        return out;
    }

    private static long child(String java, String c) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-Debpf4j.bench.bpf=" + BenchObjects.dir().toAbsolutePath(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), RssProbe.class.getName(), c);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (!"READY".equals(line)) {
                throw new IllegalStateException("RSS child '" + c + "' failed (said " + line + ")");
            }
            long kib = vmRss(p.pid());
            p.getOutputStream().close();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("RSS child '" + c + "' exited with " + p.exitValue());
            }
            return kib;
        } finally {
            p.destroy();
        }
    }

    private static long vmRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }
}
