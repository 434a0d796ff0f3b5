package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.libbpf.MapCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Refuses, before anything reaches the kernel, an object whose maps would take more than half of
 * the memory the machine has available. The kernel allocates a preallocated map in full at creation;
 * a map definition with an absurd {@code max_entries} (a typo, or a corrupted file: the fuzz test
 * produced one) would otherwise drive the host into the OOM killer, which kills the biggest process,
 * usually the JVM that asked. Estimates are lower bounds of what the kernel allocates (entries times
 * rounded key and value sizes, times the CPUs for per-CPU maps; hash maps with
 * {@code BPF_F_NO_PREALLOC} allocate as they fill and are not counted).
 */
final class MapMemoryCheck {
    private static final int BPF_F_NO_PREALLOC = 1;

    private MapMemoryCheck() {}

    static void check(ObjectSpec spec) {
        OptionalLong available = memAvailable();
        if (available.isEmpty()) {
            return;
        }
        long limit = available.getAsLong() / 2;
        long total = 0;
        StringBuilder biggest = new StringBuilder();
        long biggestBytes = -1;
        for (ObjectMapSpec m : spec.maps()) {
            long bytes = estimate(m);
            total += bytes;
            if (bytes > biggestBytes) {
                biggestBytes = bytes;
                biggest.setLength(0);
                biggest.append(m.name()).append(" (").append(m.type()).append(", max_entries ")
                        .append(Integer.toUnsignedString(m.maxEntries())).append(", key ").append(m.keySize())
                        .append(" B, value ").append(m.valueSize()).append(" B)");
            }
            if (total > limit) {
                throw new BpfException("loading " + spec.name(), 12 /* ENOMEM */,
                        "its maps would need at least " + mib(total) + " MiB of kernel memory, more than half of the "
                                + mib(available.getAsLong()) + " MiB available; the largest is " + biggest,
                        "lower max_entries (ObjectMapSpec.setMaxEntries) or check that the object file is intact");
            }
        }
    }

    /** A lower bound of the kernel memory a map takes at creation, in bytes. */
    static long estimate(ObjectMapSpec m) {
        long entries = Integer.toUnsignedLong(m.maxEntries());
        long key = roundUp8(Integer.toUnsignedLong(m.keySize()));
        long value = roundUp8(Integer.toUnsignedLong(m.valueSize()));
        MapType t = m.type();
        if (t == null) {
            return 0;
        }
        return switch (t) {
            case RINGBUF, USER_RINGBUF -> entries;
            case ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, CGROUP_ARRAY, ARRAY_OF_MAPS, DEVMAP, CPUMAP, XSKMAP, SOCKMAP,
                    QUEUE, STACK -> entries * value;
            case PERCPU_ARRAY -> entries * value * cpus();
            case HASH, LRU_HASH, HASH_OF_MAPS, DEVMAP_HASH, SOCKHASH, STACK_TRACE -> preallocated(m)
                    ? entries * (key + value) : 0;
            case PERCPU_HASH, LRU_PERCPU_HASH -> preallocated(m) ? entries * (key + value * cpus()) : 0;
            default -> 0;
        };
    }

    private static boolean preallocated(ObjectMapSpec m) {
        return (m.flags() & BPF_F_NO_PREALLOC) == 0;
    }

    private static long cpus() {
        try {
            return Math.max(1, MapCalls.numPossibleCpus());
        } catch (RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    /** MemAvailable from /proc/meminfo, in bytes. */
    private static OptionalLong memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] f = line.split("\\s+");
                    return OptionalLong.of(Long.parseLong(f[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
