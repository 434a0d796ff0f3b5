package io.ebpf4j.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Shared helpers for the map tests: unique names, a private bpffs directory, fd counting. */
final class MapTesting {
    private MapTesting() {}

    /** A map name unique enough for concurrent test runs (<= 15 chars). */
    static String name(String prefix) {
        String p = prefix.length() > 9 ? prefix.substring(0, 9) : prefix;
        return p + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    /** Mounts bpffs at /sys/fs/bpf when it is not mounted; returns a fresh unique directory in it. */
    static Path bpffsDir() throws IOException, InterruptedException {
        if (!Bpffs.isMounted()) {
            Process p = new ProcessBuilder("mount", "-t", "bpf", "bpf", Bpffs.DEFAULT_MOUNT.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 && !Bpffs.isMounted()) {
                throw new IllegalStateException("cannot mount bpffs: " + out);
            }
        }
        Path dir = Bpffs.DEFAULT_MOUNT.resolve("ebpf4j-maps-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(dir);
        return dir;
    }

    /** Removes {@code dir} and any pins left in it. */
    static void removeDir(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The number of open file descriptors of this process. */
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
