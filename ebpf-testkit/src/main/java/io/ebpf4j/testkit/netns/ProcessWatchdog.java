package io.ebpf4j.testkit.netns;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a child process (with SIGKILL) and removes a directory it owns (e.g. its bpffs pin directory)
 * when this JVM dies without stopping it (SIGKILL, a crash): like the mesh's namespace watchdog, a
 * small shell in its own session ({@code setsid}) waits for this JVM's pid to disappear. A process
 * started in a namespace ({@code nsenter --net=...}) does not die with its parent, and its pins would
 * outlive both. {@link #cancel()} stops watching after a normal stop. Best effort: without
 * {@code setsid} or {@code sh} it logs and does nothing.
 */
public final class ProcessWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatchdog.class);

    private final Process process;

    private ProcessWatchdog(Process process) {
        this.process = process;
    }

    /**
     * Starts watching: on this JVM's death, {@code kill -9 pid} and {@code rm -rf dir} (null: none).
     *
     * @throws IllegalArgumentException when {@code dir} is not a plain absolute path under /sys/fs/bpf or /tmp
     */
    public static ProcessWatchdog start(long pid, Path dir) {
        StringBuilder script = new StringBuilder("while kill -0 ").append(ProcessHandle.current().pid())
                .append(" 2>/dev/null; do sleep 0.5; done; kill -9 ").append(pid).append(" 2>/dev/null");
        if (dir != null) {
            String d = dir.toAbsolutePath().normalize().toString();
            if (!d.matches("/(sys/fs/bpf|tmp)/[A-Za-z0-9_./-]+") || d.contains("..")) {
                throw new IllegalArgumentException("not a plain directory under /sys/fs/bpf or /tmp: '" + dir + "'");
            }
            script.append("; sleep 0.2; rm -rf '").append(d).append('\'');
        }
        try {
            Process p = new ProcessBuilder("setsid", "sh", "-c", script.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new ProcessWatchdog(p);
        } catch (IOException e) {
            LOG.warn("no watchdog for process {} ({}): a SIGKILLed JVM would leave it running", pid, e.toString());
            return new ProcessWatchdog(null);
        }
    }

    /** Stops watching (the process was stopped normally); idempotent. */
    public void cancel() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Same as {@link #cancel()}. */
    @Override
    public void close() {
        cancel();
    }
}
