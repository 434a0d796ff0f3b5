package io.ebpf4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the {@link Results} of a run into the result table (and its Markdown/plain-text forms). */
public final class Table {
    private final Results r;
    private final List<Row> rows = new ArrayList<>();

    private Table(Results r) {
        this.r = r;
    }

    /** The rows for {@code results}. */
    public static List<Row> rows(Results results) {
        Table t = new Table(results);
        t.build();
        return t.rows;
    }

    private void build() {
        // (1) map operations, Java vs C (ns/op; ns/element for whole-map passes)
        vsC("hash lookup (RawMap)", "MapBench.hashLookup", "map.hash.lookup", "ns/op", 1.05);
        vsC("hash update (RawMap)", "MapBench.hashUpdate", "map.hash.update", "ns/op", 1.05);
        vsC("hash insert+delete (RawMap)", "MapBench.hashInsertDelete", "map.hash.insert_delete", "ns/op", 1.05);
        vsC("array lookup (RawMap)", "MapBench.arrayLookup", "map.array.lookup", "ns/op", 1.05);
        vsC("per-CPU lookup + sum (RawMap)", "MapBench.percpuLookupSum", "map.percpu.lookup_sum", "ns/op", 1.05);
        vsC("hash get (typed BpfMap)", "MapBench.typedHashGet", "map.hash.lookup", "ns/op", 0);
        vsC("hash put (typed BpfMap)", "MapBench.typedHashPut", "map.hash.update", "ns/op", 0);
        vsC("per-CPU sum (typed PerCpuMap)", "MapBench.typedPercpuSum", "map.percpu.lookup_sum", "ns/op", 0);
        vsC("batch lookup, 1k map", "BatchBench.batch1k", "map.batch1k.batch", "ns/elem", 1.2);
        vsC("key-by-key, 1k map", "BatchBench.keyByKey1k", "map.batch1k.key_by_key", "ns/elem", 0);
        vsC("batch lookup, 100k map", "BatchBench.batch100k", "map.batch100k.batch", "ns/elem", 1.2);
        vsC("key-by-key, 100k map", "BatchBench.keyByKey100k", "map.batch100k.key_by_key", "ns/elem", 0);
        speedup("batch speedup over key-by-key, 1k (Java)", "BatchBench.keyByKey1k", "BatchBench.batch1k", 0);
        speedup("batch speedup over key-by-key, 100k (Java)", "BatchBench.keyByKey100k", "BatchBench.batch100k", 10);
        mmap("mmap'd array read (no syscall)", "MmapBench.read", "map.mmap.read");
        mmap("mmap'd array write (no syscall)", "MmapBench.write", "map.mmap.write");
        mmap("mmap'd array typed get (MmapArray.get)", "MmapBench.typedRead", "map.mmap.read");
        // (2) ring buffer
        ring();
        // (3) program cost in the kernel, against xdp_pass
        for (String src : List.of("testrun", "stats")) {
            String label = src.equals("testrun") ? "test_run duration" : "bpf_stats run_time_ns/run_cnt";
            for (String p : List.of("xdp_pass", "xdp_count", "xdp_counter(prebuilt)", "rb_produce")) {
                if (src.equals("stats") && p.equals("rb_produce")) {
                    continue;
                }
                double v = r.get("kernel." + src + "." + p);
                double base = r.get("kernel." + src + ".xdp_pass");
                if (!Double.isNaN(v)) {
                    rows.add(new Row("XDP " + p + ", " + label, v, base, "ns/run", v / base, "", null, Double.NaN, false));
                }
            }
        }
        // (4) syscall overhead of an attached tracepoint program
        for (String call : List.of("connect", "sendto")) {
            double with = r.get("SyscallBench." + call + "[probe=tracepoint]");
            double without = r.get("SyscallBench." + call + "[probe=none]");
            double ratio = with / without;
            rows.add(new Row(call + "() on loopback, tracepoint attached vs none", with, without, "ns/op", ratio,
                    "< 1.05", Double.isNaN(ratio) ? null : ratio < 1.05,
                    r.get("SyscallBench." + call + "[probe=tracepoint]#alloc"), true));
        }
        // (5) load time and validation
        double javaLoad = r.get("LoadBench.openLoadAttach");
        double cLoad = r.get("c.load.open_load_attach") / 1000.0;
        rows.add(new Row("open+load+attach+detach bench_trace.bpf.o", javaLoad, cLoad, "us/op", javaLoad / cLoad, "", null,
                r.get("LoadBench.openLoadAttach#alloc"), true));
        rows.add(new Row("validate a 100k-instruction program", r.get("LoadBench.validate100k"), Double.NaN, "us/op",
                Double.NaN, "", null, r.get("LoadBench.validate100k#alloc"), false));
        // (6) memory
        double idle = r.get("rss.idle");
        for (String c : List.of("libbpf", "loaded")) {
            double v = r.get("rss." + c);
            rows.add(new Row("JVM RSS, " + (c.equals("loaded") ? "objects loaded+attached" : "libbpf bound")
                    + " vs idle JVM", v, idle, "MiB", v / idle, "", null, Double.NaN, false));
        }
    }

    private void vsC(String op, String java, String c, String unit, double goal) {
        double j = r.get(java);
        double b = r.get("c." + c);
        double ratio = j / b;
        String g = goal > 0 ? String.format(Locale.ROOT, "<= %.2fx C", goal) : "";
        Boolean met = goal > 0 && !Double.isNaN(ratio) ? ratio <= goal : null;
        rows.add(new Row(op, j, b, unit, ratio, g, met, r.get(java + "#alloc"), true));
    }

    private void speedup(String op, String slow, String fast, double goal) {
        double s = r.get(slow);
        double f = r.get(fast);
        double ratio = s / f;
        rows.add(new Row(op, f, s, "ns/elem", ratio, goal > 0 ? String.format(Locale.ROOT, ">= %.0fx", goal) : "",
                goal > 0 && !Double.isNaN(ratio) ? ratio >= goal : null, Double.NaN, false));
    }

    private void mmap(String op, String java, String c) {
        double j = r.get(java);
        double b = r.get("c." + c);
        rows.add(new Row(op, j, b, "ns/elem", j / b, "< 10 ns, no syscall", Double.isNaN(j) ? null : j < 10,
                r.get(java + "#alloc"), true));
    }

    private void ring() {
        double j = r.get("RingBufferBench.consume");
        double c = r.get("c.ringbuf.consume");
        double alloc = r.get("RingBufferBench.consume#consumerAlloc");
        Boolean met = Double.isNaN(j) ? null : j <= c && alloc < 0.01;
        rows.add(new Row("ring buffer consume (raw handler)", j, c, "ns/record", j / c,
                "<= 1.00x C (>= C records/s), 0 B/record", met, alloc, true));
    }

    /** The table as GitHub Markdown. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation | ebpf4j (Java) | C / baseline | unit | ratio | goal | verdict | Java B/op |\n");
        sb.append("|---|---:|---:|---|---:|---|---|---:|\n");
        for (Row row : rows) {
            sb.append("| ").append(row.operation()).append(" | ").append(num(row.java())).append(" | ")
                    .append(num(row.baseline())).append(" | ").append(row.unit()).append(" | ")
                    .append(Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", row.ratio())).append(" | ")
                    .append(row.goal()).append(" | ").append(row.verdict()).append(" | ")
                    .append(Double.isNaN(row.allocBytes()) ? "" : String.format(Locale.ROOT, "%.1f", row.allocBytes()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The table as aligned plain text for the terminal. */
    public static String text(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-58s %12s %12s %-9s %8s  %-7s %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "operation", "Java", "C/baseline", "unit", "ratio", "verdict", "goal"));
        for (Row row : rows) {
            sb.append(String.format(Locale.ROOT, fmt, row.operation(), num(row.java()), num(row.baseline()), row.unit(),
                    Double.isNaN(row.ratio()) ? "-" : String.format(Locale.ROOT, "%.3f", row.ratio()), row.verdict(),
                    row.goal()));
        }
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
