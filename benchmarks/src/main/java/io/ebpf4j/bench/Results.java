package io.ebpf4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * All figures of one run by name: JMH scores as {@code Class.method} or {@code Class.method[param=v]},
 * allocation per operation as the same name plus {@code #alloc}, the C baseline's lines as they are,
 * and the {@link Figure}s of the kernel-cost and RSS measurements.
 */
public final class Results {
    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Adds the JMH results. */
    public void addJmh(Collection<RunResult> runs) {
        for (RunResult rr : runs) {
            String bench = rr.getParams().getBenchmark();
            String name = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String k : rr.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? "[" : ",").append(k).append('=').append(rr.getParams().getParam(k));
            }
            if (!params.isEmpty()) {
                name += params.append(']');
            }
            values.put(name, medianOfIterations(rr));
            values.put(name + "#mean", rr.getPrimaryResult().getScore());
            values.put(name + "#error", rr.getPrimaryResult().getScoreError());
            Result<?> own = rr.getSecondaryResults().get("consumerAllocatedBytes");
            Result<?> records = rr.getSecondaryResults().get("records");
            if (own != null && records != null && records.getScore() > 0) {
                values.put(name + "#consumerAlloc", own.getScore() / records.getScore());
            }
            Result<?> alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                values.put(name + "#alloc", alloc.getScore());
            }
        }
    }

    /** The median of the iteration scores (robust against iterations hit by other load on the machine). */
    private static double medianOfIterations(RunResult rr) {
        List<Double> scores = new java.util.ArrayList<>();
        for (BenchmarkResult br : rr.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                scores.add(ir.getPrimaryResult().getScore());
            }
        }
        if (scores.isEmpty()) {
            return rr.getPrimaryResult().getScore();
        }
        java.util.Collections.sort(scores);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    /**
     * Adds the C baseline's "name value" lines (lines starting with # are comments); with several files
     * (runs before and after the Java suite) each figure is the mean over the files that have it.
     */
    public void addC(List<Path> files) throws IOException {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && !f[0].startsWith("#")) {
                    double[] s = sums.computeIfAbsent("c." + f[0], k -> new double[2]);
                    s[0] += Double.parseDouble(f[1]);
                    s[1]++;
                }
            }
        }
        sums.forEach((k, s) -> values.put(k, s[0] / s[1]));
    }

    /** Adds measured figures. */
    public void addFigures(List<Figure> figures) {
        figures.forEach(f -> values.put(f.name(), f.value()));
    }

    /** The figure named {@code name}, or NaN. */
    public double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    /** Every figure, in insertion order. */
    public Map<String, Double> all() {
        return values;
    }
}
