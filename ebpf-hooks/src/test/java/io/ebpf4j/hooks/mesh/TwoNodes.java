package io.ebpf4j.hooks.mesh;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two mesh nodes for kernel tests: network namespaces {@link #nsA()} and {@link #nsB()}, joined by a
 * veth pair ({@link #ifA()} in A, {@link #ifB()} in B) on 192.0.2.0/24 (A .1 and .5, B .2) and
 * fd00:e4::/64 (A ::1, B ::2). Names carry a random suffix; {@link #close()} deletes both namespaces
 * (and with them the pair), and a shutdown hook does it too if the test dies first.
 */
final class TwoNodes implements AutoCloseable {
    static final String A = "192.0.2.1";
    static final String A_SECOND = "192.0.2.5";
    static final String B = "192.0.2.2";
    static final String A6 = "fd00:e4::1";
    static final String B6 = "fd00:e4::2";

    private final String nsA;
    private final String nsB;
    private final String ifA;
    private final String ifB;
    private final Thread hook;
    private boolean closed;

    private TwoNodes(String suffix) {
        nsA = "e4jmA-" + suffix;
        nsB = "e4jmB-" + suffix;
        ifA = "e4jma" + suffix;
        ifB = "e4jmb" + suffix;
        hook = new Thread(this::remove, "mesh-nodes-cleanup-" + suffix);
    }

    static TwoNodes create() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36 * 36), 36);
        TwoNodes n = new TwoNodes(suffix);
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            run("ip", "netns", "add", n.nsA);
            run("ip", "netns", "add", n.nsB);
            run("ip", "link", "add", n.ifA, "netns", n.nsA, "type", "veth", "peer", "name", n.ifB, "netns", n.nsB);
            for (String[] side : new String[][] {{n.nsA, n.ifA, A, A6}, {n.nsB, n.ifB, B, B6}}) {
                run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                run("ip", "-n", side[0], "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
                run("ip", "-n", side[0], "link", "set", side[1], "up");
                run("ip", "-n", side[0], "link", "set", "lo", "up");
            }
            run("ip", "-n", n.nsA, "addr", "add", A_SECOND + "/24", "dev", n.ifA);
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    String nsA() {
        return nsA;
    }

    String nsB() {
        return nsB;
    }

    String ifA() {
        return ifA;
    }

    String ifB() {
        return ifB;
    }

    /** Udp InDatagrams of a namespace (/proc/net/snmp): datagrams delivered to its sockets. */
    long udpInDatagrams(String ns) {
        String snmp = run("ip", "netns", "exec", ns, "cat", "/proc/net/snmp");
        String[] lines = snmp.lines().filter(l -> l.startsWith("Udp:")).toArray(String[]::new);
        String[] names = lines[0].split("\\s+");
        String[] values = lines[1].split("\\s+");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("InDatagrams")) {
                return Long.parseLong(values[i]);
            }
        }
        throw new IllegalStateException("no Udp InDatagrams in " + snmp);
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
        quiet("ip", "netns", "del", nsA);
        quiet("ip", "netns", "del", nsB);
    }

    static String run(String... cmd) {
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
