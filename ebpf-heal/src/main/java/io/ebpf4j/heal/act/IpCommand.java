package io.ebpf4j.heal.act;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} with the arguments the route actions build (never a shell, never another
 * program): the only process the healing actions start.
 */
final class IpCommand {
    private static final long TIMEOUT_SECONDS = 30;

    private IpCommand() {}

    /**
     * {@link #run}, for a command reading a routing table: a table that holds no route yet does not
     * exist for the kernel ({@code FIB table does not exist}), which is read as empty output.
     */
    static String readTable(String netns, String... args) {
        try {
            return run(netns, args);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("FIB table does not exist")) {
                return "";
            }
            throw e;
        }
    }

    /** {@code ip [-n netns] args...}; returns its output, throws with the output when it fails. */
    static String run(String netns, String... args) {
        List<String> cmd = new ArrayList<>(args.length + 3);
        cmd.add("ip");
        if (netns != null) {
            cmd.add("-n");
            cmd.add(netns);
        }
        cmd.addAll(List.of(args));
        String line = String.join(" ", cmd);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + line);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("`" + line + "` failed (exit " + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + line + "` (is iproute2 installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + line, e);
        }
    }
}
