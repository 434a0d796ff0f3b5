package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ring buffer consumption, ebpf4j against libbpf's {@code ring_buffer__consume}, paired batch by batch:
 * each pair is one batch of {@link RingBufferBench#BATCH} records consumed by ebpf4j and one consumed by
 * libbpf (bench_c.c's {@code bc_ring_consume} with n = 1, which produces and then times the consume
 * itself), the order flipping every pair. A batch takes 50-150 us, so a preemption by another process
 * spoils one pair, not a whole round, and the median of the per-pair ratios ignores it. Both sides use
 * their own copy of bench.bpf.o (ring {@code events}, producer {@code rb_produce}) and the same callback
 * (add each record's first u64 to a sum).
 *
 * <p>Figures: {@code ringpair.<handler>.ratio} (median of per-pair ratios) with its p10/p25/p75/p90, the
 * medians and 10th percentiles of the ns per record of each side, and {@code .alloc_bytes_per_record}:
 * bytes the consuming thread allocated inside ebpf4j's consume calls over all measured pairs, divided by
 * the records.
 */
public final class RingPairs {
    private RingPairs() {}

    /** The Java side of a pair: consumes one batch (timed by the caller), returns the records. */
    interface JavaSide {
        long consumeBatch();

        void produce();
    }

    /**
     * Measures {@code pairs} pairs after {@code warm} warm-up pairs for each handler kind
     * ({@code raw}: RawRecordHandler, {@code view}: RecordView handler).
     */
    public static List<Figure> measure(Path cLib, int warm, int pairs, List<String> kinds) throws Throwable {
        List<Figure> out = new ArrayList<>();
        SymbolLookup lib = SymbolLookup.libraryLookup(cLib, Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle consume = linker.downcallHandle(lib.find("bc_ring_consume").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        MethodHandle free = linker.downcallHandle(lib.find("bc_ring_free").orElseThrow(), FunctionDescriptor.ofVoid());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BpfObject cObj = BenchObjects.load(BenchObjects.BENCH); Arena arena = Arena.ofConfined()) {
            MemorySegment timedNs = arena.allocate(ValueLayout.JAVA_LONG);
            int ringFd = cObj.mapFd("events");
            int progFd = cObj.program("rb_produce").fd();
            for (String kind : kinds) {
                RingBufferBench rb = new RingBufferBench();
                rb.handler = kind;
                rb.setup();
                try {
                    double[] j = new double[pairs];
                    double[] c = new double[pairs];
                    double[] ratio = new double[pairs];
                    long allocated = 0;
                    long records = 0;
                    for (int p = -warm; p < pairs; p++) {
                        double jn = 0;
                        double cn = 0;
                        for (int side = 0; side < 2; side++) {
                            if ((side == 0) == ((p & 1) == 0)) {
                                rb.produce();
                                long a0 = threads.getCurrentThreadAllocatedBytes();
                                long t0 = System.nanoTime();
                                long got = rb.consumeBatch();
                                long t1 = System.nanoTime();
                                long a1 = threads.getCurrentThreadAllocatedBytes();
                                if (got != RingBufferBench.BATCH) {
                                    throw new IllegalStateException("ebpf4j consumed " + got + " records, expected "
                                            + RingBufferBench.BATCH);
                                }
                                jn = (double) (t1 - t0) / got;
                                if (p >= 0) {
                                    allocated += a1 - a0;
                                    records += got;
                                }
                            } else {
                                long got = (long) consume.invokeExact(ringFd, progFd, RingBufferBench.BATCH, 1L, timedNs);
                                if (got != RingBufferBench.BATCH) {
                                    throw new IllegalStateException("libbpf consumed " + got + " records, expected "
                                            + RingBufferBench.BATCH);
                                }
                                cn = (double) timedNs.get(ValueLayout.JAVA_LONG, 0) / got;
                            }
                        }
                        if (p >= 0) {
                            j[p] = jn;
                            c[p] = cn;
                            ratio[p] = jn / cn;
                        }
                    }
                    String n = "ringpair." + kind;
                    Arrays.sort(j);
                    Arrays.sort(c);
                    double med = median(ratio);
                    Arrays.sort(ratio);
                    out.add(new Figure(n + ".java", pct(j, 50), "ns/record"));
                    out.add(new Figure(n + ".c", pct(c, 50), "ns/record"));
                    out.add(new Figure(n + ".java_p10", pct(j, 10), "ns/record"));
                    out.add(new Figure(n + ".c_p10", pct(c, 10), "ns/record"));
                    out.add(new Figure(n + ".ratio", med, "x"));
                    out.add(new Figure(n + ".ratio_p10", pct(ratio, 10), "x"));
                    out.add(new Figure(n + ".ratio_p25", pct(ratio, 25), "x"));
                    out.add(new Figure(n + ".ratio_p75", pct(ratio, 75), "x"));
                    out.add(new Figure(n + ".ratio_p90", pct(ratio, 90), "x"));
                    out.add(new Figure(n + ".alloc_bytes_per_record", (double) allocated / records, "B/record"));
                    System.out.printf("ringpair %-4s java %6.2f (p10 %5.2f)  c %6.2f (p10 %5.2f) ns/record  ratio %.3f"
                                    + " (p25 %.3f p75 %.3f)  %.4f B/record  %d pairs%n", kind, pct(j, 50), pct(j, 10),
                            pct(c, 50), pct(c, 10), med, pct(ratio, 25), pct(ratio, 75), (double) allocated / records,
                            pairs);
                } finally {
                    rb.tearDown();
                }
            }
        } finally {
            free.invokeExact();
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return pct(s, 50);
    }

    /** The p-th percentile of sorted {@code s} (nearest rank). */
    static double pct(double[] s, int p) {
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.round(p / 100.0 * (s.length - 1))))];
    }

    /**
     * {@link #measure} with each callback kind in a JVM of its own (as JMH forks): a second reader in one
     * JVM measured 10-30 % slower than the first whichever its kind, with the same compiled loop (read from
     * the code cache), so each kind is measured as the first reader of a fresh JVM. The child runs
     * {@link #main} with this JVM's options ({@code -D...} ones included, so {@code ebpf4j.bench.slow}
     * reaches it) and class path; its figure lines are parsed back.
     */
    public static List<Figure> measureForked(Path cLib, int warm, int pairs, List<String> kinds) throws Exception {
        List<Figure> out = new ArrayList<>();
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String kind : kinds) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RingPairs.class.getName(), cLib.toString(),
                    String.valueOf(pairs), String.valueOf(warm), kind));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String text = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("RingPairs for " + kind + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            for (String line : text.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 3 && f[0].startsWith("ringpair.")) {
                    out.add(new Figure(f[0], Double.parseDouble(f[1]), f[2]));
                } else if (line.startsWith("ringpair ")) {
                    System.out.println(line);
                }
            }
        }
        return out;
    }

    /** {@code RingPairs LIBBENCH_C [pairs] [warm] [kinds]}: prints the figures. */
    public static void main(String[] args) throws Throwable {
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : List.of("raw", "view");
        for (Figure f : measure(Path.of(args[0]), warm, pairs, kinds)) {
            System.out.println(f);
        }
    }
}
