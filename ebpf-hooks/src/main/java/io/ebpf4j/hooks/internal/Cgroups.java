package io.ebpf4j.hooks.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** cgroup v2 ids as {@code bpf_get_current_cgroup_id()} reports them. Not part of the public API. */
public final class Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    /** The id of the cgroup v2 directory {@code dir}: its inode number. */
    public static long idOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a cgroup directory: " + dir);
        }
        try {
            return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the inode of " + dir, e);
        }
    }

    /** The cgroup v2 directory of this process ({@code 0::/path} in /proc/self/cgroup). */
    public static Path current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    String rel = line.substring(3);
                    return rel.equals("/") ? ROOT : ROOT.resolve(rel.substring(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/self/cgroup", e);
        }
        throw new IllegalStateException("this process is in no cgroup v2 hierarchy (no 0:: line in /proc/self/cgroup)");
    }
}
