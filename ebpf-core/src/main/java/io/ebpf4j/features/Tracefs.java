package io.ebpf4j.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process can read tracefs, where a tracepoint attach (perf_event_open of a
 * {@code PERF_TYPE_TRACEPOINT}) finds the tracepoint's id ({@code events/<category>/<name>/id}).
 *
 * <p>tracefs is often mounted yet unreadable: since Linux 6.2 its root directory is mode 0700, owned
 * by root, so a process holding CAP_BPF and CAP_PERFMON but not running as root cannot look inside.
 * {@link #problem()} then says so in one line, and {@link #REMEDY} what to do. Raw tracepoints
 * ({@link io.ebpf4j.link.RawTracepoint}) are attached by name with {@code bpf()} and need no tracefs.
 */
public final class Tracefs {
    /** Where tracefs is looked for, in order: its own mount point, then debugfs' automount. */
    public static final List<Path> PLACES = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

    /** What to do when tracefs is mounted but this process cannot read it. */
    public static final String REMEDY = "attach as a raw tracepoint instead (RawTracepoint: no tracefs needed; "
            + "ebpf4j's hooks do when the kernel has raw tracepoints), or give the process CAP_DAC_READ_SEARCH (it then "
            + "reads every file on the host), or run it as root, or mount tracefs with a group the process is in "
            + "(mount -o remount,gid=GROUP /sys/kernel/tracing)";

    private Tracefs() {}

    /** The events directory of the first readable tracefs of {@link #PLACES}, if any. */
    public static Optional<Path> events() {
        return events(PLACES);
    }

    static Optional<Path> events(List<Path> places) {
        for (Path p : places) {
            if (Files.isDirectory(p.resolve("events"))) {
                return Optional.of(p.resolve("events"));
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@link #events()} is empty, in one line: "tracefs at /sys/kernel/tracing is not readable by
     * this process (mode 0700, owner root)" when a place exists but this process may not search it,
     * else "tracefs is not mounted (no /sys/kernel/tracing/events)". Empty when tracefs is readable.
     */
    public static Optional<String> problem() {
        return problem(PLACES);
    }

    static Optional<String> problem(List<Path> places) {
        if (events(places).isPresent()) {
            return Optional.empty();
        }
        for (Path p : places) {
            if (Files.isDirectory(p) && !Files.isExecutable(p)) {
                return Optional.of(unreadable(p));
            }
        }
        return Optional.of("tracefs is not mounted (no " + places.getFirst().resolve("events") + ")");
    }

    /** Whether {@link #problem()} is an unreadable tracefs rather than an absent one. */
    public static boolean mountedButUnreadable() {
        return problem().map(p -> p.contains("is not readable")).orElse(false);
    }

    /** "tracefs at P is not readable by this process (mode 0700, owner root)". */
    static String unreadable(Path p) {
        return "tracefs at " + p + " is not readable by this process (" + modeAndOwner(p) + ")";
    }

    private static String modeAndOwner(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            String owner = Files.getOwner(p).getName();
            return String.format("mode %04o, owner %s", mode & 07777, owner);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "mode and owner unknown: " + e.getMessage();
        }
    }
}
