package io.ebpf4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the {@link Results} of a run into the result tables: the goal table (Java against C or
 * against a baseline, ratios from the {@link Paired} measurement where the two sides are syscalls) and
 * the table of absolute JMH and standalone-C figures.
 */
public final class Table {
    private final Results r;
    private final List<Row> rows = new ArrayList<>();

    private Table(Results r) {
        this.r = r;
    }

    /** The goal table for {@code results}. */
    public static List<Row> rows(Results results) {
        Table t = new Table(results);
        t.build();
        return t.rows;
    }

    /** Only the mesh hooks' rows (section 7 of {@link #rows}). */
    public static List<Row> hookRows(Results results) {
        Table t = new Table(results);
        t.meshHooks();
        return t.rows;
    }

    /** The frame kinds of {@link MeshCost}, in table order, with their labels. */
    private static final String[][] FRAME_KINDS = {
        {"ipv4_tcp_allowed", "IPv4 TCP, allowed peer"},
        {"ipv4_tcp_denied", "IPv4 TCP, denied peer (XDP_DROP)"},
        {"ipv4_udp_unknown", "IPv4 UDP, unknown source"},
        {"ipv6_udp_allowed", "IPv6 UDP, allowed peer"},
        {"vlan_ipv4_tcp", "802.1Q VLAN + IPv4 TCP"},
        {"batman_ipv4_tcp", "batman-adv + IPv4 TCP"},
        {"probe_request", "probe request (answered, XDP_TX)"},
        {"probe_reply", "probe reply (RTT sample, XDP_DROP)"},
    };

    /** (7) the mesh filter per packet against XDP_PASS, and what the syscall hooks add per call. */
    private void meshHooks() {
        // the goal's figure: the kernel's accounting of each program run (bpf_stats), paired rounds (see MeshCost)
        for (String[] k : FRAME_KINDS) {
            String key = "mesh.statspair." + k[0];
            double ratio = r.get(key + ".ratio");
            if (!Double.isNaN(r.get(key + ".ns"))) {
                rows.add(new Row("mesh_filter: " + k[1], r.get(key + ".ns"), r.get(key + ".pass_ns"), "ns/packet",
                        ratio, "<= 3x XDP_PASS", Double.isNaN(ratio) ? null : ratio <= 3.0, Double.NaN, true));
            }
        }
        // BPF_PROG_TEST_RUN's duration: includes the test-run loop's own per-run overhead; kept for comparison
        for (String[] k : FRAME_KINDS) {
            String key = "mesh.testrun." + k[0];
            rows.add(new Row("mesh_filter: " + k[1] + ", test_run duration", r.get(key + ".ns"), r.get(key + ".pass_ns"),
                    "ns/packet", r.get(key + ".ratio"), "", null, Double.NaN, false));
        }
        String check = "mesh.single.ipv4_tcp_allowed";
        rows.add(new Row("mesh_filter: IPv4 TCP allowed, single-run estimate", r.get(check + ".ns"),
                r.get(check + ".pass_ns"), "ns/packet", r.get(check + ".ratio"), "", null, Double.NaN, false));
        double statsPass = r.get("mesh.stats.xdp_pass");
        for (String[] k : FRAME_KINDS) {
            double v = r.get("mesh.stats." + k[0]);
            if (!Double.isNaN(v)) {
                rows.add(new Row("mesh_filter: " + k[1] + ", bpf_stats", v, statsPass, "ns/run", v / statsPass, "", null,
                        Double.NaN, false));
            }
        }
        double singlePass = r.get("mesh.stats_single.xdp_pass");
        for (String k : List.of("ipv4_tcp_allowed", "probe_request")) {
            double v = r.get("mesh.stats_single." + k);
            if (!Double.isNaN(v)) {
                rows.add(new Row("mesh_filter: " + k + ", bpf_stats, single runs", v, singlePass, "ns/run", v / singlePass,
                        "", null, Double.NaN, false));
            }
        }
        for (String call : List.of("connect", "sendto", "recvfrom")) {
            String key = "hookstats.syscall_latency." + call;
            double enter = r.get(key + ".enter");
            double exit = r.get(key + ".exit");
            if (!Double.isNaN(enter)) {
                double bare = r.get("paired.hook.syscall_latency." + call + ".base"); // the call without the hook
                rows.add(new Row("syscall_latency: " + call + " enter+exit programs (bpf_stats) vs bare call", enter + exit,
                        bare, "ns/call", (enter + exit) / bare, "", null, Double.NaN, false));
            }
        }
        for (String hook : List.of("syscall_latency", "net_events")) {
            for (String call : List.of("connect", "sendto", "recvfrom")) {
                String key = "paired.hook." + hook + "." + call;
                rows.add(new Row(hook + ": " + call + "() on loopback, attached vs none", r.get(key + ".java"),
                        r.get(key + ".base"), "ns/call", r.get(key + ".ratio"), "", null, Double.NaN, true));
            }
        }
    }

    private void build() {
        // (1) map operations and (2) the ring buffer, Java vs C, paired (see Paired)
        paired("hash lookup (RawMap)", "hash.lookup", "ns/op", 1.05);
        paired("hash update (RawMap)", "hash.update", "ns/op", 1.05);
        paired("hash insert+delete (RawMap)", "hash.insert_delete", "ns/op", 1.05);
        paired("array lookup (RawMap)", "array.lookup", "ns/op", 1.05);
        paired("per-CPU lookup + sum (RawMap)", "percpu.lookup_sum", "ns/op", 1.05);
        paired("hash get (typed BpfMap, boxing)", "typed.hash.get", "ns/op", 0);
        paired("batch lookup, 1k map", "batch1k.batch", "ns/elem", 1.2);
        paired("batch lookup, 100k map", "batch100k.batch", "ns/elem", 1.2);
        paired("key-by-key, 100k map", "batch100k.key_by_key", "ns/elem", 0);
        double inv = r.get("paired.batch100k.java_batch_vs_key_by_key.ratio");
        rows.add(new Row("batch speedup over key-by-key, 100k (Java)",
                r.get("paired.batch100k.java_batch_vs_key_by_key.java"),
                r.get("paired.batch100k.java_batch_vs_key_by_key.base"), "ns/elem", 1 / inv, ">= 10x speedup",
                Double.isNaN(inv) ? null : 1 / inv >= 10, Double.NaN, false));
        double cSpeedup = r.get("c.map.batch100k.key_by_key") / r.get("c.map.batch100k.batch");
        rows.add(new Row("batch speedup over key-by-key, 100k (C)", r.get("c.map.batch100k.batch"),
                r.get("c.map.batch100k.key_by_key"), "ns/elem", cSpeedup, "", null, Double.NaN, false));
        mmap("mmap'd array read (no syscall)", "MmapBench.read", "map.mmap.read");
        mmap("mmap'd array write (no syscall)", "MmapBench.write", "map.mmap.write");
        mmap("mmap'd array typed get (MmapArray.get)", "MmapBench.typedRead", "map.mmap.read");
        for (String[] k : new String[][] {{"view", "RecordView handler"}, {"raw", "raw handler"}}) {
            String key = "ringpair." + k[0];
            double ringRatio = r.get(key + ".ratio");
            // bytes the consuming thread allocated inside consume() per record (the paired run's counter; JMH's
            // gc.alloc.rate.norm of RingBufferBench also counts the producer's untimed test runs)
            double alloc = r.get(key + ".alloc_bytes_per_record");
            rows.add(new Row("ring buffer consume (" + k[1] + ")", r.get(key + ".java"), r.get(key + ".c"), "ns/record",
                    ringRatio, "<= 1.00x C, 0 B/record",
                    Double.isNaN(ringRatio) ? null : ringRatio <= 1.0 && alloc < 0.01, alloc, true));
        }
        // (3) program cost in the kernel, against xdp_pass
        for (String src : List.of("testrun", "stats")) {
            String label = src.equals("testrun") ? "test_run duration" : "bpf_stats run_time_ns/run_cnt";
            for (String p : List.of("xdp_pass", "xdp_count", "xdp_counter(prebuilt)", "rb_produce")) {
                double v = r.get("kernel." + src + "." + p);
                double base = r.get("kernel." + src + ".xdp_pass");
                if (!Double.isNaN(v)) {
                    rows.add(new Row("XDP " + p + ", " + label, v, base, "ns/run", v / base, "", null, Double.NaN, false));
                }
            }
        }
        // (4) syscall overhead of an attached tracepoint program (paired: attached / detached every round)
        for (String call : List.of("connect", "sendto")) {
            double ratio = r.get("paired.syscall." + call + ".ratio");
            rows.add(new Row(call + "() on loopback, tracepoint attached vs none", r.get("paired.syscall." + call + ".java"),
                    r.get("paired.syscall." + call + ".base"), "ns/op", ratio, "< 1.05",
                    Double.isNaN(ratio) ? null : ratio < 1.05, Double.NaN, true));
        }
        // (5) load time and validation
        double javaLoad = r.get("LoadBench.openLoadAttach");
        double cLoad = r.get("c.load.open_load_attach") / 1000.0;
        rows.add(new Row("open+load+attach+detach bench_trace.bpf.o", javaLoad, cLoad, "us/op", javaLoad / cLoad, "", null,
                r.get("LoadBench.openLoadAttach#alloc"), true));
        rows.add(new Row("validate a 100k-instruction program", r.get("LoadBench.validate100k"), Double.NaN, "us/op",
                Double.NaN, "", null, r.get("LoadBench.validate100k#alloc"), false));
        // (7) mesh hooks
        meshHooks();
        // (6) memory
        double idle = r.get("rss.idle");
        for (String c : List.of("libbpf", "loaded")) {
            double v = r.get("rss." + c);
            rows.add(new Row("JVM RSS, " + (c.equals("loaded") ? "objects loaded+attached" : "libbpf bound")
                    + " vs idle JVM", v, idle, "MiB", v / idle, "", null, Double.NaN, false));
        }
    }

    /** The unpaired figures: JMH (median of iterations) against the standalone C baseline (mean of its two runs). */
    public static List<Row> absolute(Results r) {
        String[][] pairs = {
            {"hash lookup", "MapBench.hashLookup", "map.hash.lookup"},
            {"hash update", "MapBench.hashUpdate", "map.hash.update"},
            {"hash insert+delete", "MapBench.hashInsertDelete", "map.hash.insert_delete"},
            {"array lookup", "MapBench.arrayLookup", "map.array.lookup"},
            {"per-CPU lookup + sum", "MapBench.percpuLookupSum", "map.percpu.lookup_sum"},
            {"hash get (typed)", "MapBench.typedHashGet", "map.hash.lookup"},
            {"hash put (typed)", "MapBench.typedHashPut", "map.hash.update"},
            {"per-CPU sum (typed)", "MapBench.typedPercpuSum", "map.percpu.lookup_sum"},
            {"batch lookup, 1k map (per elem)", "BatchBench.batch1k", "map.batch1k.batch"},
            {"key-by-key, 1k map (per elem)", "BatchBench.keyByKey1k", "map.batch1k.key_by_key"},
            {"batch lookup, 100k map (per elem)", "BatchBench.batch100k", "map.batch100k.batch"},
            {"key-by-key, 100k map (per elem)", "BatchBench.keyByKey100k", "map.batch100k.key_by_key"},
            {"mmap read (per elem)", "MmapBench.read", "map.mmap.read"},
            {"mmap write (per elem)", "MmapBench.write", "map.mmap.write"},
            {"ring buffer consume, RecordView (per record)", "RingBufferBench.consume[handler=view]", "ringbuf.consume"},
            {"ring buffer consume, raw (per record)", "RingBufferBench.consume[handler=raw]", "ringbuf.consume"},
            {"connect(), no probe", "SyscallBench.connect[probe=none]", ""},
            {"connect(), tracepoint attached", "SyscallBench.connect[probe=tracepoint]", ""},
            {"sendto(), no probe", "SyscallBench.sendto[probe=none]", ""},
            {"sendto(), tracepoint attached", "SyscallBench.sendto[probe=tracepoint]", ""},
            {"validate 100k instructions (us)", "LoadBench.validate100k", ""},
            {"open+load+attach+detach (us)", "LoadBench.openLoadAttach", ""},
        };
        List<Row> out = new ArrayList<>();
        for (String[] p : pairs) {
            double j = r.get(p[1]);
            double c = p[2].isEmpty() ? Double.NaN : r.get("c." + p[2]);
            if (p[1].startsWith("LoadBench.openLoadAttach")) {
                c = r.get("c.load.open_load_attach") / 1000.0;
            }
            String unit = "+-" + num(r.get(p[1] + "#error"));
            out.add(new Row(p[0], j, c, unit, j / c, "", null, r.get(p[1] + "#alloc"), false));
        }
        return out;
    }

    private void paired(String op, String key, String unit, double goal) {
        double j = r.get("paired." + key + ".java");
        double b = r.get("paired." + key + ".base");
        double ratio = r.get("paired." + key + ".ratio");
        String g = goal > 0 ? String.format(Locale.ROOT, "<= %.2fx C", goal) : "";
        Boolean met = goal > 0 && !Double.isNaN(ratio) ? ratio <= goal : null;
        rows.add(new Row(op, j, b, unit, ratio, g, met, Double.NaN, true));
    }

    private void mmap(String op, String java, String c) {
        double j = r.get(java);
        double b = r.get("c." + c);
        rows.add(new Row(op, j, b, "ns/elem", j / b, "< 10 ns, no syscall", Double.isNaN(j) ? null : j < 10,
                r.get(java + "#alloc"), true));
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
