package io.ebpf4j.link;

import java.nio.file.Path;

/**
 * An attached program. Closing the link detaches the program (unless the link is pinned, in which
 * case the kernel keeps it until the pin is removed). {@link #close()} is idempotent; closing the
 * program's object closes its links first.
 *
 * <p>Links made through {@code bpf_link} (XDP, tcx, tracepoints, raw tracepoints, kprobes, uprobes,
 * tracing) are released by the kernel when the process dies, so a crash leaves nothing attached.
 */
public sealed interface Link extends AutoCloseable permits BpfLink, LegacyLink {
    /** What it is attached to. */
    LinkKind kind();

    /** A readable description of the attach point, e.g. {@code xdp on veth0 (native)}. */
    String target();

    /** Pins the link in bpffs so it outlives this process. */
    void pin(Path path);

    /** Removes the pin. */
    void unpin();

    /** Whether it was closed. */
    boolean isClosed();

    /** Detaches (or, for a pinned link, releases this process's hold). Idempotent. */
    @Override
    void close();
}
