package io.ebpf4j.bench;

import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paired measurement of every goal ratio: the Java operation and its baseline run alternately in one
 * process, round after round, and the figure is the median of the per-round ratios. On a shared
 * machine the cost of a syscall drifts by 2x within a minute (other processes, host load), which
 * swamps a 5 % goal when the two sides are measured minutes apart; pairing cancels the drift.
 *
 * <p>The C side is bench_c.c built as a shared library ({@code -DBENCH_LIB}): the same C loops as the
 * standalone baseline, called once per round through FFM (one downcall per N operations). The Java
 * side calls the JMH benchmark methods themselves. For the syscall overhead, the baseline is the same
 * Java loop with the tracepoint programs detached (they are attached and detached every round).
 */
public final class Paired {
    private static final Linker LINKER = Linker.nativeLinker();

    private final SymbolLookup lib;
    private final Path libPath;
    private final int rounds;
    private final int warmRounds;
    private final long targetNs;
    private final List<Figure> out = new ArrayList<>();

    /** One side of a pair: runs n operations, returns the units done (ops, elements or records). */
    interface Side {
        long run(long n) throws Throwable;
    }

    /** A side whose timing it measures itself (ring consumption excludes production). */
    interface TimedSide {
        /** Runs n operations; returns {units, nanoseconds}. */
        long[] run(long n) throws Throwable;
    }

    private Paired(Path library, boolean smoke) {
        this(library, smoke ? 2 : 21, smoke ? 1 : 4, smoke ? 2_000_000L : 40_000_000L);
    }

    private Paired(Path library, int rounds, int warmRounds, long targetNs) {
        this.lib = SymbolLookup.libraryLookup(library, Arena.global());
        this.libPath = library;
        this.rounds = rounds;
        this.warmRounds = warmRounds;
        this.targetNs = targetNs;
    }

    /**
     * The regression gate's map figures: hash lookup and hash update, Java against C, paired as in
     * {@link #measure} but in many short rounds (601 of ~0.5 ms per side after 100 warm-up rounds): on a
     * loaded machine a preemption then spoils one short round, which the median of the per-round ratios
     * ignores, instead of a long one.
     */
    static List<Figure> gateMaps(Path library) throws Throwable {
        Paired p = new Paired(library, 601, 100, 500_000L);
        MapBench m = new MapBench();
        m.setup();
        try {
            // compiled before the short rounds start (on a loaded machine the JIT's threads lag behind)
            loop(50_000, m::hashLookup);
            loop(50_000, m::hashUpdate);
            p.pair("hash.lookup", timed(n -> loop(n, m::hashLookup)), timed(p.cSide("bc_hash_lookup", m.hash.fd())));
            p.pair("hash.update", timed(n -> loop(n, m::hashUpdate)), timed(p.cSide("bc_hash_update", m.hash.fd())));
        } finally {
            m.tearDown();
        }
        return p.out;
    }

    private MethodHandle c(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException("no " + name)), fd);
    }

    private static final FunctionDescriptor FD_N = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG);

    private Side cSide(String fn, int fd) {
        MethodHandle h = c(fn, FD_N);
        return n -> {
            long r = (long) h.invokeExact(fd, n);
            if (r < 0) {
                throw new IllegalStateException(fn + " failed: " + r);
            }
            return r;
        };
    }

    private static TimedSide timed(Side s) {
        return n -> {
            long t0 = System.nanoTime();
            long units = s.run(n);
            return new long[] {units, System.nanoTime() - t0};
        };
    }

    /** Measures {@code name}: java vs baseline, alternating which goes first. */
    private void pair(String name, TimedSide java, TimedSide base) throws Throwable {
        long n = calibrate(java, base);
        double[] j = new double[rounds];
        double[] b = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = -warmRounds; r < rounds; r++) {
            double jn;
            double bn;
            if ((r & 1) == 0) {
                jn = perUnit(java.run(n));
                bn = perUnit(base.run(n));
            } else {
                bn = perUnit(base.run(n));
                jn = perUnit(java.run(n));
            }
            if (r >= 0) {
                j[r] = jn;
                b[r] = bn;
                ratio[r] = jn / bn;
            }
        }
        out.add(new Figure("paired." + name + ".java", median(j), "ns/unit"));
        out.add(new Figure("paired." + name + ".base", median(b), "ns/unit"));
        double med = median(ratio);
        out.add(new Figure("paired." + name + ".ratio", med, "x"));
        Arrays.sort(ratio);
        out.add(new Figure("paired." + name + ".ratio_p25", ratio[rounds / 4], "x"));
        out.add(new Figure("paired." + name + ".ratio_p75", ratio[rounds * 3 / 4], "x"));
        System.out.printf("paired %-22s java %10.2f  base %10.2f  ratio %.3f (IQR %.3f..%.3f)%n", name, median(j),
                median(b), med, ratio[rounds / 4], ratio[rounds * 3 / 4]);
    }

    /** Operations per round so that one side takes about targetNs. */
    private long calibrate(TimedSide java, TimedSide base) throws Throwable {
        long n = 1;
        for (;;) {
            long[] a = java.run(n);
            long[] b = base.run(n);
            long slower = Math.max(a[1], b[1]);
            if (slower >= targetNs / 4 || n >= 1L << 30) {
                return Math.max(1, (long) (n * ((double) targetNs / Math.max(1, slower))));
            }
            n *= 4;
        }
    }

    private static double perUnit(long[] unitsAndNs) {
        return (double) unitsAndNs[1] / Math.max(1, unitsAndNs[0]);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Runs every pair; {@code library} is libbench_c.so. The system property {@code ebpf4j.bench.paired}
     * (a list of maps, batches, ring, syscalls, hooks) selects groups.
     */
    public static List<Figure> measure(Path library, boolean smoke) throws Throwable {
        Paired p = new Paired(library, smoke);
        String only = System.getProperty("ebpf4j.bench.paired", "maps,batches,ring,syscalls,hooks");
        if (only.contains("maps")) {
            p.maps();
        }
        if (only.contains("batches")) {
            p.batches();
        }
        if (only.contains("ring")) {
            p.ring();
        }
        if (only.contains("syscalls")) {
            p.syscalls();
        }
        if (only.contains("hooks")) {
            p.hooks();
        }
        return p.out;
    }

    private void maps() throws Throwable {
        MapBench m = new MapBench();
        m.setup();
        try {
            pair("hash.lookup", timed(n -> loop(n, m::hashLookup)), timed(cSide("bc_hash_lookup", m.hash.fd())));
            pair("hash.update", timed(n -> loop(n, m::hashUpdate)), timed(cSide("bc_hash_update", m.hash.fd())));
            pair("hash.insert_delete", timed(n -> loop(n, m::hashInsertDelete)),
                    timed(cSide("bc_hash_insert_delete", m.hash.fd())));
            pair("array.lookup", timed(n -> loop(n, m::arrayLookup)), timed(cSide("bc_hash_lookup", m.array.fd())));
            pair("percpu.lookup_sum", timed(n -> loop(n, m::percpuLookupSum)),
                    timed(cSide("bc_percpu_sum", m.percpu.fd())));
            pair("typed.hash.get", timed(n -> loop(n, m::typedHashGet)), timed(cSide("bc_hash_lookup", m.hash.fd())));
        } finally {
            m.tearDown();
        }
    }

    private void batches() throws Throwable {
        BatchBench b = new BatchBench();
        b.setup();
        try {
            pair("batch1k.batch", timed(n -> loop(n, b::batch1k) * 1000), timed(cSide("bc_batch_pass", b.small.fd())));
            pair("batch100k.batch", timed(n -> loop(n, b::batch100k) * 100_000),
                    timed(cSide("bc_batch_pass", b.large.fd())));
            pair("batch100k.key_by_key", timed(n -> loop(n, b::keyByKey100k) * 100_000),
                    timed(cSide("bc_key_by_key_pass", b.large.fd())));
            // the Java speedup goal: key-by-key (baseline) against batch, both Java, paired
            pair("batch100k.java_batch_vs_key_by_key", timed(n -> loop(n, b::batch100k) * 100_000),
                    timed(n -> loop(n, b::keyByKey100k) * 100_000));
        } finally {
            b.tearDown();
        }
    }

    /**
     * Ring buffer consumption against libbpf, paired batch by batch ({@link RingPairs}, each callback kind
     * in a JVM of its own): 1,500 pairs after 1,500 warm-up pairs per kind (30 and 30 in smoke runs).
     */
    private void ring() throws Throwable {
        boolean smoke = rounds < 5;
        out.addAll(RingPairs.measureForked(libPath, smoke ? 30 : 1_500, smoke ? 30 : 1_500, List.of("view", "raw")));
    }

    private void syscalls() throws Throwable {
        SyscallBench s = new SyscallBench();
        s.probe = "none";
        s.setup();
        try {
            for (String call : List.of("connect", "sendto")) {
                Side op = call.equals("connect") ? n -> loop(n, s::connect) : n -> loop(n, s::sendto);
                TimedSide with = n -> {
                    s.attach();
                    try {
                        return timed(op).run(n);
                    } finally {
                        s.detach();
                    }
                };
                pair("syscall." + call, with, timed(op));
            }
        } finally {
            s.tearDown();
        }
    }

    /** What a mesh hook adds to a syscall: a hook built before and closed after each timed run. */
    interface Hook {
        AutoCloseable start();
    }

    /**
     * The added cost per syscall of ebpf-hooks' SyscallLatency (all five syscalls, every process, the
     * attach path it picks: syscall tracepoints where there are no kprobes) and NetEvents (all its
     * tracepoints): connect() of a UDP socket, sendto() and recvfrom() of 16-byte datagrams on
     * loopback (sent and received in batches so that none is dropped), paired: hook loaded and
     * attached for one run, closed for the next.
     */
    private void hooks() throws Throwable {
        SyscallBench s = new SyscallBench();
        s.probe = "none";
        s.setup();
        try {
            Map<String, TimedSide> ops = new LinkedHashMap<>();
            ops.put("connect", timed(n -> loop(n, s::connect)));
            ops.put("sendto", n -> batches(n, s::sendBatch));
            ops.put("recvfrom", n -> batches(n, s::recvBatch));
            Map<String, Hook> hooks = new LinkedHashMap<>();
            hooks.put("syscall_latency", () -> SyscallLatency.builder().build());
            hooks.put("net_events", () -> NetEvents.builder().build());
            out.addAll(HookProgramCost.measure(s, rounds < 5));
            for (Map.Entry<String, Hook> h : hooks.entrySet()) {
                try (AutoCloseable probe = h.getValue().start()) {
                    if (probe instanceof SyscallLatency sl) {
                        System.out.println("paired hook.syscall_latency: attach path " + sl.attachPath());
                    }
                }
                for (Map.Entry<String, TimedSide> op : ops.entrySet()) {
                    TimedSide plain = op.getValue();
                    TimedSide base = n -> { // an untimed eighth first, as the hooked side has after its attach
                        plain.run(Math.max(1, n / 8));
                        return plain.run(n);
                    };
                    TimedSide with = n -> {
                        try (AutoCloseable hook = h.getValue().start()) {
                            plain.run(Math.max(1, n / 8)); // settles what loading and attaching left behind
                            return plain.run(n);
                        }
                    };
                    pair("hook." + h.getKey() + "." + op.getKey(), with, base);
                }
            }
        } finally {
            s.tearDown();
        }
    }

    /** A batch of syscalls timing itself: returns its ns. */
    interface Batch {
        long run() throws Throwable;
    }

    private static long[] batches(long n, Batch b) throws Throwable {
        long ns = 0;
        for (long i = 0; i < n; i++) {
            ns += b.run();
        }
        return new long[] {n * SyscallBench.BATCH, ns};
    }

    /** One operation; a JMH benchmark method, its result discarded. */
    interface Op {
        void call() throws Throwable;
    }

    private static long loop(long n, Op op) throws Throwable {
        for (long i = 0; i < n; i++) {
            op.call();
        }
        return n;
    }
}
