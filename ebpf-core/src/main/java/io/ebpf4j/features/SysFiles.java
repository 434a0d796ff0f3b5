package io.ebpf4j.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading the small text files of /proc and /sys, never throwing. */
final class SysFiles {
    private SysFiles() {}

    /** The first line of {@code path}, stripped; empty if it cannot be read. */
    static Optional<String> firstLine(String path) {
        try {
            List<String> lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.of("") : Optional.of(lines.getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** All lines of {@code path}; empty if it cannot be read. */
    static List<String> lines(String path) {
        try {
            return Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** An integer file such as /proc/sys/net/core/bpf_jit_enable; -1 if unreadable. */
    static int intValue(String path) {
        return firstLine(path).map(s -> {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }).orElse(-1);
    }

    static boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    /** The file names in {@code dir}, sorted; empty if it cannot be listed. */
    static List<String> list(String dir) {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(Path.of(dir))) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
