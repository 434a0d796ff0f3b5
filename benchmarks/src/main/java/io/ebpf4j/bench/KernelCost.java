package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramInfo;
import io.ebpf4j.prebuilt.XdpCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Program cost in the kernel, with BPF_PROG_TEST_RUN and {@code repeat}: the kernel's own duration
 * (ns per run) of each XDP program against xdp_pass measured in the same rounds (interleaved), and the
 * kernel.bpf_stats_enabled accounting (run_time_ns / run_cnt from bpf_prog_info), enabled only for
 * that part and restored afterwards.
 */
public final class KernelCost {
    private static final Path STATS = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    /** rb_produce fills the 1 MiB ring after ~26k runs; a fresh object per round keeps every run a real write. */
    private static final int RB_REPEAT = 16_384;

    private KernelCost() {}

    /** Runs the measurement; {@code smoke} only proves it works. */
    public static List<Figure> measure(boolean smoke) throws IOException {
        int repeat = smoke ? 1_000 : 1_000_000;
        int rounds = smoke ? 1 : 9;
        byte[] frame = BenchObjects.frame();
        List<Figure> out = new ArrayList<>();
        try (BpfObject bench = BenchObjects.load(BenchObjects.BENCH);
                BpfObject counter = ObjectSpec.open(XdpCounter.bytes(), XdpCounter.OBJECT).load()) {
            Map<String, Program> progs = new LinkedHashMap<>();
            progs.put("xdp_pass", bench.program("xdp_pass"));
            progs.put("xdp_count", bench.program("xdp_count"));
            progs.put("xdp_counter(prebuilt)", counter.program(XdpCounter.PROGRAM));
            Map<String, double[]> durations = new LinkedHashMap<>();
            progs.keySet().forEach(k -> durations.put(k, new double[rounds]));
            durations.put("rb_produce", new double[rounds]);
            for (Program p : progs.values()) {
                p.testRun(frame, Math.min(repeat, 10_000)); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Program> e : progs.entrySet()) {
                    durations.get(e.getKey())[r] = e.getValue().testRun(frame, repeat).durationNs();
                }
                try (BpfObject fresh = BenchObjects.load(BenchObjects.BENCH)) {
                    durations.get("rb_produce")[r] = fresh.program("rb_produce").testRun(frame, smoke ? 100 : RB_REPEAT)
                            .durationNs();
                }
            }
            for (Map.Entry<String, double[]> e : durations.entrySet()) {
                out.add(new Figure("kernel.testrun." + e.getKey(), median(e.getValue()), "ns/run"));
            }
            out.addAll(stats(progs, frame, repeat));
        }
        return out;
    }

    /** run_time_ns / run_cnt with kernel.bpf_stats_enabled = 1, restored to its old value afterwards. */
    private static List<Figure> stats(Map<String, Program> progs, byte[] frame, int repeat) throws IOException {
        List<Figure> out = new ArrayList<>();
        if (!Files.isWritable(STATS)) {
            System.err.println("kernel cost: " + STATS + " is not writable; skipping run_time_ns accounting");
            return out;
        }
        String old = Files.readString(STATS).trim();
        try {
            Files.writeString(STATS, "1");
            for (Map.Entry<String, Program> e : progs.entrySet()) {
                ProgramInfo before = e.getValue().info();
                e.getValue().testRun(frame, repeat);
                ProgramInfo after = e.getValue().info();
                long runs = after.runCount() - before.runCount();
                long ns = after.runTimeNs() - before.runTimeNs();
                out.add(new Figure("kernel.stats." + e.getKey(), runs == 0 ? Double.NaN : (double) ns / runs, "ns/run"));
            }
        } finally {
            Files.writeString(STATS, old);
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Prints the figures. */
    public static void main(String[] args) throws IOException {
        boolean smoke = args.length > 0 && args[0].equals("--smoke");
        measure(smoke).forEach(System.out::println);
    }
}
