package io.ebpf4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs {@code ip}, {@code tc} and other system commands, for the namespace topologies and for tests. */
public final class Commands {
    private Commands() {}

    /**
     * What a finished command did.
     *
     * @param exit   its exit code
     * @param output its standard output and standard error, interleaved
     */
    public record Outcome(int exit, String output) {}

    /** Runs a command, returns stdout+stderr, throws with the output when it fails. */
    public static String run(String... cmd) {
        Outcome o = exec(cmd);
        if (o.exit() != 0) {
            throw new IllegalStateException("command failed (" + o.exit() + "): " + String.join(" ", cmd) + "\n" + o.output());
        }
        return o.output();
    }

    /** Runs a command and returns its exit code and output, whatever the exit code; throws when it cannot run or hangs. */
    public static Outcome exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            return new Outcome(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command inside the named network namespace ({@code ip netns exec}). */
    public static String inNetns(String netns, String... command) {
        String[] cmd = new String[command.length + 4];
        cmd[0] = "ip";
        cmd[1] = "netns";
        cmd[2] = "exec";
        cmd[3] = netns;
        System.arraycopy(command, 0, cmd, 4, command.length);
        return run(cmd);
    }

    /** Runs a command, ignoring failure (used for removal of what may already be gone). */
    public static void quiet(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
