package io.ebpf4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole suite in one process (benchmarks/run.sh calls it): the JMH benchmarks (raw JSON to
 * {@code OUT/jmh.json}), the kernel program cost, the RSS comparison, and the C baseline's results:
 * run.sh runs the C baseline before the suite (file {@code --c}), and the suite runs it again after
 * the JMH benchmarks (command {@code --c-cmd}, output {@code OUT/c-after.txt}); each C figure is the
 * mean of the two runs, so drift in machine load during the run biases neither side. Prints the table
 * and writes {@code OUT/table.md}, {@code OUT/figures.txt}, {@code OUT/figures.json} and {@code OUT/ratios.svg}.
 *
 * The goal ratios of syscall-bound operations come from the {@link Paired} measurement (Java and C
 * alternating in this process, C through {@code --c-lib}, bench_c.c built as a shared library).
 *
 * <p>The mesh hooks' figures ({@link MeshCost}: the mesh filter per packet against XDP_PASS; the paired
 * group {@code hooks}: what SyscallLatency and NetEvents add per syscall) are part of every run;
 * {@code --hooks-only} runs just them (no JMH, no C baseline, no RSS) and prints just their rows.
 *
 * <pre>Suite --out DIR --c C_RESULTS --c-lib LIBBENCH_C [--c-cmd "BENCH_C ARGS"] [--smoke] [--include REGEX]
 * Suite --out DIR --c-lib LIBBENCH_C --hooks-only [--smoke]</pre>
 *
 * Exits 1 when a benchmark fails or a figure is missing (missed goals are reported, not failures).
 */
public final class Suite {
    private Suite() {}

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path cFile = null;
        String cCmd = null;
        Path cLib = null;
        boolean smoke = false;
        boolean hooksOnly = false;
        String include = "io\\.ebpf4j\\.bench\\..*";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--c" -> cFile = Path.of(args[++i]);
                case "--c-cmd" -> cCmd = args[++i];
                case "--c-lib" -> cLib = Path.of(args[++i]);
                case "--smoke" -> smoke = true;
                case "--hooks-only" -> hooksOnly = true;
                case "--include" -> include = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null || cLib == null || (cFile == null && !hooksOnly)) {
            System.err.println("usage: Suite --out DIR --c C_RESULTS --c-lib LIBBENCH_C [--c-cmd CMD] [--smoke] [--include REGEX]\n"
                    + "       Suite --out DIR --c-lib LIBBENCH_C --hooks-only [--smoke]");
            System.exit(2);
        }
        Files.createDirectories(out);
        System.exit((hooksOnly ? hooks(out, cLib, smoke) : run(out, cFile, cCmd, cLib, smoke, include)) ? 0 : 1);
    }

    /** Only the mesh hooks' figures: {@link MeshCost}, {@link ProbeAuthCost} and the paired group {@code hooks}. */
    private static boolean hooks(Path out, Path cLib, boolean smoke) throws IOException {
        System.setProperty("ebpf4j.bench.paired", "hooks");
        Results results = new Results();
        boolean ok = true;
        List<Figure> figures = new ArrayList<>();
        ok &= measure("mesh filter measurement", () -> MeshCost.measure(smoke), figures);
        ok &= measure("probe guards measurement", () -> ProbeAuthCost.measure(smoke), figures);
        ok &= measure("mesh hooks' paired measurement", () -> Paired.measure(cLib, smoke), figures);
        results.addFigures(figures);
        return report(out, results, Table.hookRows(results), List.of()) && ok;
    }

    private static boolean run(Path out, Path cFile, String cCmd, Path cLib, boolean smoke, String include)
            throws IOException, InterruptedException {
        Results results = new Results();
        boolean ok = true;
        try {
            results.addJmh(jmh(out, smoke, include));
        } catch (RunnerException e) {
            System.err.println("JMH failed: " + e);
            ok = false;
        }
        List<Figure> figures = new ArrayList<>();
        ok &= measure("paired measurement", () -> Paired.measure(cLib, smoke), figures);
        ok &= measure("kernel cost measurement", () -> KernelCost.measure(smoke), figures);
        ok &= measure("mesh filter measurement", () -> MeshCost.measure(smoke), figures);
        ok &= measure("probe guards measurement", () -> ProbeAuthCost.measure(smoke), figures);
        ok &= measure("RSS measurement", () -> RssProbe.measure(smoke ? 1 : 5), figures);
        results.addFigures(figures);
        List<Path> cFiles = new ArrayList<>(List.of(cFile));
        if (cCmd != null) {
            Path after = out.resolve("c-after.txt");
            Process p = new ProcessBuilder(cCmd.trim().split("\\s+")).redirectOutput(after.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                System.err.println("C baseline (after) failed: exit " + p.exitValue());
                ok = false;
            } else {
                cFiles.add(after);
            }
        }
        results.addC(cFiles);
        return report(out, results, Table.rows(results), Table.absolute(results)) && ok;
    }

    /** One measurement whose figures go to {@code into}. */
    interface Measurement {
        List<Figure> run() throws Throwable;
    }

    /** Runs {@code m}; false (and the stack trace printed) when it fails. */
    private static boolean measure(String what, Measurement m, List<Figure> into) {
        try {
            into.addAll(m.run());
            return true;
        } catch (Throwable e) {
            System.err.println(what + " failed: " + e);
            e.printStackTrace();
            return false;
        }
    }

    /** Writes figures.txt, table.md and ratios.svg, prints the tables; false when a figure is missing. */
    private static boolean report(Path out, Results results, List<Row> rows, List<Row> absolute) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, Double> e : results.all().entrySet()) {
            all.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Files.writeString(out.resolve("figures.txt"), all);
        Files.writeString(out.resolve("figures.json"), json(results.all()));
        Files.writeString(out.resolve("table.md"), absolute.isEmpty() ? Table.markdown(rows) : Table.markdown(rows)
                + "\nUnpaired: JMH (median of iterations, +- the 99.9% error JMH reports on the mean) and the"
                + " standalone C baseline (mean of its runs before and after JMH):\n\n" + Table.markdown(absolute));
        Files.writeString(out.resolve("ratios.svg"), Chart.svg(rows, "ebpf4j benchmark ratios (" + out.getFileName() + ")"));
        System.out.println();
        System.out.print(Table.text(rows));
        if (!absolute.isEmpty()) {
            System.out.println();
            System.out.print(Table.text(absolute));
        }
        List<String> missing = new ArrayList<>();
        for (Row r : rows) {
            if (Double.isNaN(r.java()) || (!r.operation().startsWith("validate") && Double.isNaN(r.baseline()))) {
                missing.add(r.operation());
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("missing figures: " + missing);
            return false;
        }
        return true;
    }

    /** Every figure as one JSON object, name to number (null when NaN). */
    static String json(Map<String, Double> figures) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            double v = e.getValue();
            sb.append("  \"").append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\": ")
                    .append(Double.isNaN(v) || Double.isInfinite(v) ? "null" : Double.toString(v))
                    .append(++i < figures.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static Collection<RunResult> jmh(Path out, boolean smoke, String include) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED",
                        "-Debpf4j.bench.bpf=" + BenchObjects.dir().toAbsolutePath(),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh.json").toString());
        if (smoke) {
            o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
        } else {
            o.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(4)
                    .measurementTime(TimeValue.seconds(1));
        }
        return new Runner(o.build()).run();
    }
}
