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
 * and writes {@code OUT/table.md}, {@code OUT/figures.txt} and {@code OUT/ratios.svg}.
 *
 * The goal ratios of syscall-bound operations come from the {@link Paired} measurement (Java and C
 * alternating in this process, C through {@code --c-lib}, bench_c.c built as a shared library).
 *
 * <pre>Suite --out DIR --c C_RESULTS --c-lib LIBBENCH_C [--c-cmd "BENCH_C ARGS"] [--smoke] [--include REGEX]</pre>
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
        String include = "io\\.ebpf4j\\.bench\\..*";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--c" -> cFile = Path.of(args[++i]);
                case "--c-cmd" -> cCmd = args[++i];
                case "--c-lib" -> cLib = Path.of(args[++i]);
                case "--smoke" -> smoke = true;
                case "--include" -> include = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null || cFile == null || cLib == null) {
            System.err.println("usage: Suite --out DIR --c C_RESULTS --c-lib LIBBENCH_C [--c-cmd CMD] [--smoke] [--include REGEX]");
            System.exit(2);
        }
        Files.createDirectories(out);
        System.exit(run(out, cFile, cCmd, cLib, smoke, include) ? 0 : 1);
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
        try {
            figures.addAll(Paired.measure(cLib, smoke));
        } catch (Throwable e) {
            System.err.println("paired measurement failed: " + e);
            e.printStackTrace();
            ok = false;
        }
        try {
            figures.addAll(KernelCost.measure(smoke));
            figures.addAll(RssProbe.measure(smoke ? 1 : 5));
        } catch (RuntimeException e) {
            System.err.println("measurement failed: " + e);
            e.printStackTrace();
            ok = false;
        }
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
        List<Row> rows = Table.rows(results);
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, Double> e : results.all().entrySet()) {
            all.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Files.writeString(out.resolve("figures.txt"), all);
        List<Row> absolute = Table.absolute(results);
        Files.writeString(out.resolve("table.md"), Table.markdown(rows)
                + "\nUnpaired: JMH (median of iterations, +- the 99.9% error JMH reports on the mean) and the"
                + " standalone C baseline (mean of its runs before and after JMH):\n\n" + Table.markdown(absolute));
        Files.writeString(out.resolve("ratios.svg"), Chart.svg(rows, "ebpf4j benchmark ratios (" + out.getFileName() + ")"));
        System.out.println();
        System.out.print(Table.text(rows));
        System.out.println();
        System.out.print(Table.text(absolute));
        List<String> missing = new ArrayList<>();
        for (Row r : rows) {
            if (Double.isNaN(r.java()) || (!r.operation().startsWith("validate") && Double.isNaN(r.baseline()))) {
                missing.add(r.operation());
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("missing figures: " + missing);
            ok = false;
        }
        return ok;
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
