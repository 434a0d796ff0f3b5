package io.ebpf4j.internal.libbpf;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings libbpf prints on this thread while a capture is open: libbpf says why it refused an
 * object (a legacy {@code maps} section, a section it does not know, an extern the kernel lacks) only in
 * its log, and a failed call returns just an errno. libbpf prints on the calling thread, so a capture
 * sees only the warnings of the calls this thread makes. Captures nest; the inner one sees the lines.
 *
 * <pre>{@code
 * try (LibBpfWarnings w = LibBpfWarnings.capture()) {
 *     int ret = ObjectCalls.load(obj);
 *     if (ret < 0) explain(w.lines());
 * }
 * }</pre>
 */
public final class LibBpfWarnings implements AutoCloseable {
    /** Lines kept per capture: enough for a refusal, bounded against a runaway log. */
    static final int MAX_LINES = 64;
    private static final ThreadLocal<LibBpfWarnings> CURRENT = new ThreadLocal<>();

    private final List<String> lines = new ArrayList<>();
    private final LibBpfWarnings outer;
    private boolean closed;

    private LibBpfWarnings(LibBpfWarnings outer) {
        this.outer = outer;
    }

    /** Starts capturing this thread's libbpf warnings until {@link #close()}. */
    public static LibBpfWarnings capture() {
        LibBpfWarnings w = new LibBpfWarnings(CURRENT.get());
        CURRENT.set(w);
        return w;
    }

    /** Whether a capture is open on this thread (the log printer formats warnings for it). */
    static boolean active() {
        return CURRENT.get() != null;
    }

    /** Called by the log printer with each warning line printed on this thread. */
    static void offer(String line) {
        LibBpfWarnings w = CURRENT.get();
        if (w != null && w.lines.size() < MAX_LINES) {
            w.lines.add(line.startsWith("libbpf: ") ? line.substring("libbpf: ".length()) : line);
        }
    }

    /** The warnings captured so far, oldest first, without libbpf's "libbpf: " prefix. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Stops capturing (the enclosing capture, if any, resumes). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
