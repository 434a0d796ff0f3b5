package io.ebpf4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance regression gate (CI's short benchmark step): measures a few same-run figures and
 * compares each with its committed baseline ({@code benchmarks/gate-baseline.txt}); a figure above
 * {@code baseline + band} fails the gate. The bands are the noise measured on the reference machine
 * (docs/PERFORMANCE.md, "Regression gate"). Figures:
 * <ul>
 *   <li>{@code map.hash_lookup.ratio}, {@code map.hash_update.ratio}: Java / C per operation, paired rounds;</li>
 *   <li>{@code ring.view.ratio}, {@code ring.raw.ratio}: ring buffer consume, Java / libbpf per record, paired
 *       batches ({@link RingPairs});</li>
 *   <li>{@code ring.view.alloc}, {@code ring.raw.alloc}: bytes allocated per record by the consumer;</li>
 *   <li>{@code mesh.ipv4_tcp.ratio}: mesh filter / XDP_PASS per packet by bpf_stats, paired rounds;</li>
 *   <li>{@code validator.per_ref_ms}: the validator's ns per instruction on a 100,000-instruction program
 *       divided by the ms of a fixed pure-Java reference workload run right after it (median of 21
 *       rounds, in a JVM of its own); {@code validator.ns_per_insn}, the absolute figure (fastest of 21),
 *       is gated with a wide band only, as it moves with the machine's load.</li>
 * </ul>
 *
 * <pre>Gate --c-lib LIBBENCH_C --baseline FILE --out DIR</pre>
 *
 * Writes {@code DIR/gate.txt} (the verdicts) and {@code DIR/gate-figures.txt}; exits 1 when a figure
 * fails or is missing. {@code -Debpf4j.bench.slow=TOKENS} slows the Java ring consumer (the gate's
 * self-test: it must fail).
 */
public final class Gate {
    private Gate() {}

    /** One committed limit: fail when the measured figure is above {@code baseline + band}. */
    record Limit(String figure, double baseline, double band, String unit) {
        double max() {
            return baseline + band;
        }
    }

    /** A figure's verdict. */
    record Verdict(Limit limit, double measured) {
        boolean ok() {
            return !Double.isNaN(measured) && measured <= limit.max();
        }

        String line() {
            return String.format(Locale.ROOT, "gate: %-24s %10.3f %-10s baseline %9.3f + band %7.3f = limit %9.3f  %s",
                    limit.figure(), measured, limit.unit(), limit.baseline(), limit.band(), limit.max(),
                    Double.isNaN(measured) ? "FAIL (not measured)" : ok() ? "pass" : "FAIL (above the limit)");
        }
    }

    /**
     * Reads the baseline file: lines {@code figure baseline band unit}; {@code #} starts a comment.
     */
    static List<Limit> readBaseline(Path file) throws IOException {
        List<Limit> limits = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ": expected 'figure baseline band unit', got '" + t + "'");
            }
            limits.add(new Limit(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3]));
        }
        return limits;
    }

    /** Compares every limit with the measured figures (a missing figure fails). */
    static List<Verdict> judge(List<Limit> limits, Map<String, Double> measured) {
        List<Verdict> out = new ArrayList<>();
        for (Limit l : limits) {
            out.add(new Verdict(l, measured.getOrDefault(l.figure(), Double.NaN)));
        }
        return out;
    }

    /** Measures every gate figure (a few minutes at most on a loaded 2-CPU machine). */
    static Map<String, Double> measure(Path cLib) throws Throwable {
        Map<String, Double> m = new LinkedHashMap<>();
        Map<String, Double> all = new LinkedHashMap<>();
        for (Figure f : Paired.gateMaps(cLib)) {
            all.put(f.name(), f.value());
        }
        m.put("map.hash_lookup.ratio", all.get("paired.hash.lookup.ratio"));
        m.put("map.hash_update.ratio", all.get("paired.hash.update.ratio"));
        for (Figure f : RingPairs.measureForked(cLib, 1_000, 1_000, List.of("view", "raw"))) {
            all.put(f.name(), f.value());
        }
        for (String k : List.of("view", "raw")) {
            m.put("ring." + k + ".ratio", all.get("ringpair." + k + ".ratio"));
            m.put("ring." + k + ".alloc", all.get("ringpair." + k + ".alloc_bytes_per_record"));
        }
        for (Figure f : MeshCost.gate()) {
            all.put(f.name(), f.value());
        }
        m.put("mesh.ipv4_tcp.ratio", all.getOrDefault("mesh.statspair.ipv4_tcp_allowed.ratio", Double.NaN));
        double[] v = validatorForked();
        m.put("validator.ns_per_insn", v[0]);
        m.put("validator.per_ref_ms", v[1]);
        m.values().removeIf(x -> x == null);
        return m;
    }

    /**
     * The validator's time per instruction against a same-run reference: 21 rounds, each one validation of
     * LoadBench's 100k-instruction program and one run of a fixed pure-Java reference workload of similar
     * size and kind (filling a HashMap with 100,000 boxed keys, then sorting 200,000 ints), back to back,
     * after 10 warm-up rounds. Returns {ns per instruction (fastest validation), median over rounds of
     * (validation ns per instruction / reference ms)}: the second is the same-run figure (the machine's
     * speed and load act on both halves of a round alike).
     */
    static double[] validatorNsPerInsn() {
        LoadBench lb = new LoadBench();
        lb.setup();
        int[] data = new java.util.Random(7).ints(200_000).toArray();
        long best = Long.MAX_VALUE;
        double[] ratio = new double[21];
        long sink = 0;
        for (int i = -10; i < ratio.length; i++) {
            long t0 = System.nanoTime();
            lb.validate100k();
            long t1 = System.nanoTime();
            sink += reference(data);
            long t2 = System.nanoTime();
            if (i >= 0) {
                best = Math.min(best, t1 - t0);
                ratio[i] = ((double) (t1 - t0) / LoadBench.SLOTS) / ((t2 - t1) / 1e6);
            }
        }
        java.util.Arrays.sort(ratio);
        double ns = (double) best / LoadBench.SLOTS;
        double relative = ratio[ratio.length / 2];
        System.out.printf(Locale.ROOT, "validator: fastest of 21 validations %.2f ms, %.1f ns per instruction;"
                + " median per round %.2f ns per instruction per reference ms (IQR %.2f..%.2f) (%d)%n", best / 1e6, ns,
                relative, ratio[ratio.length / 4], ratio[ratio.length * 3 / 4], sink & 1);
        return new double[] {ns, relative};
    }

    /**
     * {@link #validatorNsPerInsn} in a JVM of its own (this class's main without arguments, this JVM's
     * options and class path): run after the other gate figures in one JVM, its ratio read 30-50 %
     * higher (the heap those left behind makes the validator's garbage collection dearer).
     */
    static double[] validatorForked() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Gate.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the validator measurement failed (exit " + p.exitValue() + "):\n" + text);
        }
        double[] v = {Double.NaN, Double.NaN};
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2 && f[0].equals("validator.ns_per_insn")) {
                v[0] = Double.parseDouble(f[1]);
            } else if (f.length == 2 && f[0].equals("validator.per_ref_ms")) {
                v[1] = Double.parseDouble(f[1]);
            } else if (line.startsWith("validator:")) {
                System.out.println(line);
            }
        }
        return v;
    }

    /** The validator's reference workload: allocation, hashing and a sort, a few ms. */
    private static long reference(int[] data) {
        java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            map.put(data[i], i);
        }
        int[] copy = data.clone();
        java.util.Arrays.sort(copy);
        return map.size() + copy[copy.length / 2];
    }

    public static void main(String[] args) throws Throwable {
        Path cLib = null;
        Path baseline = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--c-lib" -> cLib = Path.of(args[++i]);
                case "--baseline" -> baseline = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cLib == null && baseline == null && out == null) { // the validator figures alone (validatorForked)
            double[] v = validatorNsPerInsn();
            System.out.println("validator.ns_per_insn " + v[0]);
            System.out.println("validator.per_ref_ms " + v[1]);
            return;
        }
        if (cLib == null || baseline == null || out == null) {
            System.err.println("usage: Gate --c-lib LIBBENCH_C --baseline FILE --out DIR");
            System.exit(2);
        }
        List<Limit> limits = readBaseline(baseline);
        if (RingBufferBench.SLOW > 0) {
            System.out.println("gate: SELF-TEST: the Java ring consumer is slowed by " + RingBufferBench.SLOW
                    + " consumeCPU tokens per record (-Debpf4j.bench.slow); the gate must fail");
        }
        Map<String, Double> measured = measure(cLib);
        Files.createDirectories(out);
        StringBuilder figures = new StringBuilder();
        measured.forEach((k, v) -> figures.append(k).append(' ').append(v).append('\n'));
        Files.writeString(out.resolve("gate-figures.txt"), figures);
        List<Verdict> verdicts = judge(limits, measured);
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (Verdict v : verdicts) {
            report.append(v.line()).append('\n');
            ok &= v.ok();
        }
        report.append(ok ? "gate: PASS, every figure within its band\n"
                : "gate: FAIL, " + verdicts.stream().filter(v -> !v.ok()).count() + " figure(s) above their limit\n");
        Files.writeString(out.resolve("gate.txt"), report);
        System.out.println();
        System.out.print(report);
        System.exit(ok ? 0 : 1);
    }
}
