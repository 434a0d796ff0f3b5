package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark BPF objects are: compiled from {@code benchmarks/src/bpf} by
 * {@code benchmarks/build-bpf.sh} into the directory named by the system property
 * {@code ebpf4j.bench.bpf} (run.sh sets it; default {@code benchmarks/target/bpf}).
 */
public final class BenchObjects {
    /** The maps, XDP programs and ring buffer producer shared with the C baseline. */
    public static final String BENCH = "bench.bpf.o";
    /** The tracepoint programs (syscall overhead, load time). */
    public static final String TRACE = "bench_trace.bpf.o";

    private BenchObjects() {}

    /** The directory holding the compiled objects. */
    public static Path dir() {
        Path d = Path.of(System.getProperty("ebpf4j.bench.bpf", "benchmarks/target/bpf"));
        if (!Files.isRegularFile(d.resolve(BENCH))) {
            throw new IllegalStateException("no " + BENCH + " in " + d.toAbsolutePath()
                    + ": run benchmarks/build-bpf.sh DIR and pass -Debpf4j.bench.bpf=DIR (benchmarks/run.sh does both)");
        }
        return d;
    }

    /** Path of object {@code name}. */
    public static Path path(String name) {
        return dir().resolve(name);
    }

    /** Opens and loads object {@code name}. */
    public static BpfObject load(String name) {
        return ObjectSpec.open(path(name)).load();
    }

    /** The smallest valid XDP test-run input: a 64-byte frame (zeroed Ethernet header and payload). */
    public static byte[] frame() {
        return new byte[64];
    }
}
