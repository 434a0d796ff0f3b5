package io.ebpf4j.testkit.netns;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes network namespaces when this JVM dies without running its shutdown hooks (SIGKILL, a
 * crash): a small shell in its own session ({@code setsid}) waits for the JVM's pid to disappear and
 * then runs {@code ip netns del} for each name. Everything inside a namespace (veth pairs, addresses,
 * routes, qdiscs, tc and XDP programs attached there) goes with it; bpf links the JVM held elsewhere
 * are released by the kernel with its file descriptors. {@link #cancel()} stops it after a normal
 * removal. Best effort: without {@code setsid} or {@code sh} it logs and does nothing.
 */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts watching; names must be plain namespace names (they are, when this package makes them). */
    static Watchdog start(List<String> namespaces) {
        StringBuilder script = new StringBuilder("while kill -0 ").append(ProcessHandle.current().pid())
                .append(" 2>/dev/null; do sleep 0.5; done; for n in");
        for (String ns : namespaces) {
            if (!ns.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("not a plain namespace name: '" + ns + "'");
            }
            script.append(' ').append(ns);
        }
        script.append("; do ip netns del \"$n\" 2>/dev/null; done");
        try {
            Process p = new ProcessBuilder("setsid", "sh", "-c", script.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(p);
        } catch (IOException e) {
            LOG.warn("no watchdog for namespaces {} ({}): a SIGKILLed JVM would leave them", namespaces, e.toString());
            return new Watchdog(null);
        }
    }

    /** Stops watching (the namespaces were removed normally). */
    void cancel() {
        if (process != null) {
            process.destroy();
        }
    }
}
