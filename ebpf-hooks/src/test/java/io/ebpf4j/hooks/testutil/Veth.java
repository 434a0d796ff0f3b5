package io.ebpf4j.hooks.testutil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair for kernel tests (copied from ebpf-core's test fixture): one end ({@link #hostIf()}) in this process's network namespace, the
 * other ({@link #peerIf()}) in a new network namespace ({@link #netns()}), with addresses from the
 * benchmarking range 198.18.0.0/15 on a /30, so traffic stays on this pair. Names carry a random
 * suffix so concurrent tests never collide. {@link #close()} removes both the namespace and the pair,
 * and a shutdown hook does it too if the test dies first.
 */
public final class Veth implements AutoCloseable {
    private final String netns;
    private final String hostIf;
    private final String peerIf;
    private final String hostIp;
    private final String peerIp;
    private final Thread hook;
    private boolean closed;

    private Veth(String suffix, int subnet) {
        this.netns = "e4j-" + suffix;
        this.hostIf = "e4jh" + suffix;
        this.peerIf = "e4jp" + suffix;
        int base = subnet * 4;
        this.hostIp = "198.18." + (base / 256) + "." + (base % 256 + 1);
        this.peerIp = "198.18." + (base / 256) + "." + (base % 256 + 2);
        this.hook = new Thread(this::remove, "veth-cleanup-" + suffix);
    }

    /** Creates the namespace and the pair, brings both ends up and addresses them. */
    public static Veth create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String suffix = Integer.toString(r.nextInt(36 * 36 * 36 * 36), 36);
        Veth v = new Veth(suffix, r.nextInt(16384));
        Runtime.getRuntime().addShutdownHook(v.hook);
        try {
            run("ip", "netns", "add", v.netns);
            run("ip", "link", "add", v.hostIf, "type", "veth", "peer", "name", v.peerIf, "netns", v.netns);
            run("ip", "addr", "add", v.hostIp + "/30", "dev", v.hostIf);
            run("ip", "link", "set", v.hostIf, "up");
            run("ip", "-n", v.netns, "addr", "add", v.peerIp + "/30", "dev", v.peerIf);
            run("ip", "-n", v.netns, "link", "set", v.peerIf, "up");
            run("ip", "-n", v.netns, "link", "set", "lo", "up");
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    public String netns() {
        return netns;
    }

    /** The end in this process's namespace. */
    public String hostIf() {
        return hostIf;
    }

    /** The end inside {@link #netns()}. */
    public String peerIf() {
        return peerIf;
    }

    public String hostIp() {
        return hostIp;
    }

    public String peerIp() {
        return peerIp;
    }

    /** Runs a command inside the namespace and returns its output. */
    public String execInNetns(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of(command));
        return run(cmd.toArray(String[]::new));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
    }

    private void remove() {
        quiet("ip", "link", "del", hostIf);
        quiet("ip", "netns", "del", netns);
    }

    /** Runs a command, returns stdout+stderr, throws with the output when it fails. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("command failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void quiet(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
