package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramInfo;
import io.ebpf4j.TestRunResult;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.AnswerLimit;
import io.ebpf4j.hooks.mesh.MeshFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost per packet of the prebuilt mesh filter (ebpf-hooks' {@link MeshFilter}, bundled
 * mesh_filter.bpf.o) against an XDP_PASS program, both through BPF_PROG_TEST_RUN in the same rounds,
 * for each kind of frame in {@link MeshFrames}. The filter has 202 identities registered (an allowed
 * one, a denied one and 200 more /24 and /48 prefixes), as a node of a mid-sized mesh would.
 *
 * <p>Per round and frame kind: one test run of XDP_PASS and one of the filter, {@code repeat} runs
 * each, the order alternating between rounds; the kernel's duration (ns per run) of each and their
 * ratio. Figures: the median over rounds of the filter's ns, of XDP_PASS's ns and of the per-round
 * ratios, with the ratios' quartiles and extremes.
 *
 * <p>A probe request cannot be repeated in one test run: the filter turns it into the reply in place
 * and the kernel runs the program again on the same, now modified, buffer. Its cost comes from test
 * runs with repeat 1, many of them, against XDP_PASS with repeat 1 in the same round: the difference
 * of the two is the filter's extra cost (the test-run overhead of a single run cancels), added to the
 * round's XDP_PASS ns from repeated runs. The same estimate is made for the allowed IPv4 TCP frame as
 * a cross-check of the method ({@code mesh.single.*}).
 *
 * <p>The probe reply is repeated too: the first run counts it, every later one is refused by the
 * replay window (the same seq), so its figure is the cost of refusing a replayed reply;
 * {@link ProbeAuthCost} estimates the counted reply from single runs on fresh sequence numbers.
 *
 * <p>Then the kernel's own accounting with kernel.bpf_stats_enabled: run_time_ns / run_cnt of each
 * program over one test run per kind, and over single runs for the probe request, for XDP_PASS and
 * for the allowed IPv4 TCP frame ({@code mesh.stats_single.*}: the same cold-cache conditions for the
 * three), restored afterwards.
 */
public final class MeshCost {
    private static final Path STATS = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    private static final String REQUEST = "probe_request";

    private final int repeat;
    private final int rounds;
    private final int singles;
    private final List<Figure> out = new ArrayList<>();

    private MeshCost(boolean smoke) {
        repeat = smoke ? 2_000 : 500_000;
        rounds = smoke ? 1 : 15;
        singles = smoke ? 200 : 20_000;
    }

    /** Runs the measurement; {@code smoke} only proves it works (seconds). */
    public static List<Figure> measure(boolean smoke) throws IOException {
        MeshCost m = new MeshCost(smoke);
        try (BpfObject bench = BenchObjects.load(BenchObjects.BENCH); MeshFilter filter = filter()) {
            m.run(bench.program("xdp_pass"), filter.program());
        }
        return m.out;
    }

    /** The filter as a mesh node runs it: default allow, probes on, 202 identities. */
    static MeshFilter filter() {
        // no answer budget: the single runs answer 20 000 requests a round (ProbeAuthCost measures the budget's cost)
        MeshFilter f = MeshFilter.builder().defaultAction(Action.ALLOW).probePort(MeshFrames.PROBE_PORT)
                .nodeTag(MeshFrames.NODE_TAG).answerLimit(AnswerLimit.UNLIMITED).build();
        try {
            SpiffeId allowed = SpiffeId.parse("spiffe://bench.mesh/ns/a/sa/allowed");
            SpiffeId denied = SpiffeId.parse("spiffe://bench.mesh/ns/b/sa/denied");
            f.identities().register(allowed, "10.1.0.0/16", "fd00:1::/64");
            f.identities().register(denied, "10.2.0.0/16", "fd00:2::/64");
            f.allow(allowed);
            f.deny(denied);
            for (int i = 0; i < 200; i++) {
                SpiffeId p = SpiffeId.of("bench.mesh", "peer", "p" + i);
                f.identities().register(p, "172.16." + i + ".0/24", "fd00:100:" + Integer.toHexString(i) + "::/48");
                f.allow(p);
            }
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void run(Program pass, Program mesh) throws IOException {
        Map<String, byte[]> frames = MeshFrames.all();
        for (Map.Entry<String, byte[]> e : frames.entrySet()) { // warm-up, and every verdict checked once
            run(pass, e.getValue(), 1, 2);
            run(mesh, e.getValue(), 1, MeshFrames.verdict(e.getKey()));
            run(pass, e.getValue(), Math.min(repeat, 10_000), 2);
            if (!e.getKey().equals(REQUEST)) {
                run(mesh, e.getValue(), Math.min(repeat, 10_000), MeshFrames.verdict(e.getKey()));
            }
        }
        System.out.printf("%nmesh_filter vs XDP_PASS, BPF_PROG_TEST_RUN, %d rounds x %d runs (probe request: %d single"
                + " runs per round), ns/packet medians, ratio median [p25..p75] (min..max)%n", rounds, repeat, singles);
        for (Map.Entry<String, byte[]> e : frames.entrySet()) {
            if (e.getKey().equals(REQUEST)) {
                single("mesh.testrun." + REQUEST, pass, mesh, e.getValue(), 3);
            } else {
                repeated(e.getKey(), pass, mesh, e.getValue());
            }
        }
        single("mesh.single.ipv4_tcp_allowed", pass, mesh, frames.get("ipv4_tcp_allowed"), 2);
        stats(pass, mesh, frames);
        out.addAll(statsPaired(pass, mesh, frames, rounds, Math.min(repeat, 100_000), singles));
    }

    /**
     * The figure the goal and the chart use: the kernel's own accounting of each program run
     * (kernel.bpf_stats_enabled: run_time_ns / run_cnt, the accounting that also works on live traffic),
     * in paired rounds: per round and frame kind, one test run of XDP_PASS and one of the filter
     * ({@code repeat} runs each; the probe request, which cannot be repeated, {@code singles} single runs
     * each), the order alternating between rounds. Figures {@code mesh.statspair.<kind>.*}: the medians of
     * the filter's and XDP_PASS's ns per packet, of the per-round ratios (with quartiles) and of the
     * per-round added ns. Empty when bpf_stats cannot be switched on (not root).
     */
    static List<Figure> statsPaired(Program pass, Program mesh, Map<String, byte[]> frames, int rounds, int repeat,
                                    int singles) throws IOException {
        List<Figure> figures = new ArrayList<>();
        if (!Files.isWritable(STATS)) {
            System.err.println("mesh cost: " + STATS + " is not writable; no bpf_stats figures");
            return figures;
        }
        String old = Files.readString(STATS).trim();
        try {
            Files.writeString(STATS, "1");
            System.out.printf("%nmesh_filter vs XDP_PASS, bpf_stats run_time_ns/run_cnt, %d paired rounds x %d runs"
                    + " (probe request: %d single runs), ns/packet medians, ratio median [p25..p75]%n", rounds, repeat,
                    singles);
            for (Map.Entry<String, byte[]> e : frames.entrySet()) {
                boolean one = e.getKey().equals(REQUEST);
                int verdict = MeshFrames.verdict(e.getKey());
                double[] m = new double[rounds];
                double[] p = new double[rounds];
                double[] ratio = new double[rounds];
                double[] added = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    if ((r & 1) == 0) {
                        p[r] = accounted(pass, e.getValue(), 2, one ? 1 : repeat, one ? singles : 1);
                        m[r] = accounted(mesh, e.getValue(), verdict, one ? 1 : repeat, one ? singles : 1);
                    } else {
                        m[r] = accounted(mesh, e.getValue(), verdict, one ? 1 : repeat, one ? singles : 1);
                        p[r] = accounted(pass, e.getValue(), 2, one ? 1 : repeat, one ? singles : 1);
                    }
                    ratio[r] = m[r] / p[r];
                    added[r] = m[r] - p[r];
                }
                String name = "mesh.statspair." + e.getKey();
                double[] s = ratio.clone();
                Arrays.sort(s);
                figures.add(new Figure(name + ".ns", median(m), "ns/packet"));
                figures.add(new Figure(name + ".pass_ns", median(p), "ns/packet"));
                figures.add(new Figure(name + ".added_ns", median(added), "ns/packet"));
                figures.add(new Figure(name + ".ratio", median(ratio), "x"));
                figures.add(new Figure(name + ".ratio_p25", s[rounds / 4], "x"));
                figures.add(new Figure(name + ".ratio_p75", s[rounds * 3 / 4], "x"));
                System.out.printf(Locale.ROOT, "  %-20s mesh %7.1f  pass %6.1f  added %6.1f  ratio %.2f [%.2f..%.2f]%n",
                        e.getKey(), median(m), median(p), median(added), median(ratio), s[rounds / 4],
                        s[rounds * 3 / 4]);
            }
        } finally {
            Files.writeString(STATS, old);
        }
        return figures;
    }

    /** The gate's figure: {@link #statsPaired} for the allowed IPv4 TCP frame, 15 rounds of 100,000 runs. */
    static List<Figure> gate() throws IOException {
        try (BpfObject bench = BenchObjects.load(BenchObjects.BENCH); MeshFilter filter = filter()) {
            Program pass = bench.program("xdp_pass");
            Program mesh = filter.program();
            byte[] tcp = MeshFrames.all().get("ipv4_tcp_allowed");
            run(pass, tcp, 10_000, 2);
            run(mesh, tcp, 10_000, MeshFrames.verdict("ipv4_tcp_allowed"));
            return statsPaired(pass, mesh, Map.of("ipv4_tcp_allowed", tcp), 15, 100_000, 0);
        }
    }

    /** run_time_ns / run_cnt over {@code tests} test runs of {@code repeat} runs each (bpf_stats must be on). */
    private static double accounted(Program p, byte[] frame, int verdict, int repeat, int tests) {
        ProgramInfo before = p.info();
        for (int i = 0; i < tests; i++) {
            run(p, frame, repeat, verdict);
        }
        ProgramInfo after = p.info();
        long runs = after.runCount() - before.runCount();
        return runs == 0 ? Double.NaN : (double) (after.runTimeNs() - before.runTimeNs()) / runs;
    }

    private void repeated(String kind, Program pass, Program mesh, byte[] frame) {
        int verdict = MeshFrames.verdict(kind);
        double[] m = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                p[r] = run(pass, frame, repeat, 2).durationNs();
                m[r] = run(mesh, frame, repeat, verdict).durationNs();
            } else {
                m[r] = run(mesh, frame, repeat, verdict).durationNs();
                p[r] = run(pass, frame, repeat, 2).durationNs();
            }
        }
        report("mesh.testrun." + kind, m, p);
    }

    /** The single-run difference estimate (see the class comment). */
    private void single(String name, Program pass, Program mesh, byte[] frame, int verdict) {
        double[] m = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long passOne = 0;
            long meshOne = 0;
            for (int i = 0; i < singles; i++) {
                passOne += run(pass, frame, 1, 2).durationNs();
                meshOne += run(mesh, frame, 1, verdict).durationNs();
            }
            p[r] = run(pass, frame, repeat, 2).durationNs();
            m[r] = p[r] + (double) (meshOne - passOne) / singles;
        }
        report(name, m, p);
    }

    private void report(String name, double[] mesh, double[] pass) {
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = mesh[r] / Math.max(1, pass[r]);
        }
        double[] s = ratio.clone();
        Arrays.sort(s);
        out.add(new Figure(name + ".ns", median(mesh), "ns/packet"));
        out.add(new Figure(name + ".pass_ns", median(pass), "ns/packet"));
        out.add(new Figure(name + ".ratio", median(ratio), "x"));
        out.add(new Figure(name + ".ratio_p25", s[rounds / 4], "x"));
        out.add(new Figure(name + ".ratio_p75", s[rounds * 3 / 4], "x"));
        out.add(new Figure(name + ".ratio_min", s[0], "x"));
        out.add(new Figure(name + ".ratio_max", s[rounds - 1], "x"));
        System.out.printf(Locale.ROOT, "  %-34s mesh %7.1f  pass %6.1f  ratio %.2f [%.2f..%.2f] (%.2f..%.2f)%n",
                name.substring(name.indexOf('.') + 1), median(mesh), median(pass), median(ratio), s[rounds / 4],
                s[rounds * 3 / 4], s[0], s[rounds - 1]);
    }

    /** run_time_ns / run_cnt with kernel.bpf_stats_enabled = 1, restored to its old value afterwards. */
    private void stats(Program pass, Program mesh, Map<String, byte[]> frames) throws IOException {
        if (!Files.isWritable(STATS)) {
            System.err.println("mesh cost: " + STATS + " is not writable; skipping run_time_ns accounting");
            return;
        }
        String old = Files.readString(STATS).trim();
        try {
            Files.writeString(STATS, "1");
            byte[] tcp = frames.get("ipv4_tcp_allowed");
            out.add(new Figure("mesh.stats.xdp_pass", accounted(pass, tcp, 2, false), "ns/run"));
            for (Map.Entry<String, byte[]> e : frames.entrySet()) {
                if (!e.getKey().equals(REQUEST)) {
                    out.add(new Figure("mesh.stats." + e.getKey(), accounted(mesh, e.getValue(),
                            MeshFrames.verdict(e.getKey()), false), "ns/run"));
                }
            }
            // single runs (cold caches each time): the probe request against XDP_PASS and an allowed frame alike
            out.add(new Figure("mesh.stats_single.xdp_pass", accounted(pass, tcp, 2, true), "ns/run"));
            out.add(new Figure("mesh.stats_single.ipv4_tcp_allowed", accounted(mesh, tcp, 2, true), "ns/run"));
            out.add(new Figure("mesh.stats_single." + REQUEST, accounted(mesh, frames.get(REQUEST), 3, true), "ns/run"));
        } finally {
            Files.writeString(STATS, old);
        }
    }

    private double accounted(Program p, byte[] frame, int verdict, boolean singleRuns) {
        ProgramInfo before = p.info();
        if (singleRuns) {
            for (int i = 0; i < singles; i++) {
                run(p, frame, 1, verdict);
            }
        } else {
            run(p, frame, repeat, verdict);
        }
        ProgramInfo after = p.info();
        long runs = after.runCount() - before.runCount();
        return runs == 0 ? Double.NaN : (double) (after.runTimeNs() - before.runTimeNs()) / runs;
    }

    private static TestRunResult run(Program p, byte[] frame, int repeat, int verdict) {
        TestRunResult r = p.testRun(frame, repeat);
        if (r.returnValue() != verdict) {
            throw new IllegalStateException(p.name() + " returned " + r.returnValue() + ", expected " + verdict);
        }
        return r;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Prints the figures ({@code --smoke}: quick). */
    public static void main(String[] args) throws IOException {
        measure(args.length > 0 && args[0].equals("--smoke")).forEach(System.out::println);
    }
}
