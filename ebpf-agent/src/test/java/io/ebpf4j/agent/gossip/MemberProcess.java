package io.ebpf4j.agent.gossip;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link GossipMember} in a child JVM with this JVM's class path; {@link #close()} kills it. */
final class MemberProcess implements AutoCloseable {
    private final Process process;
    private final PrintStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> pending = new ArrayList<>();
    final String address;

    /**
     * Starts node {@code node} joining through {@code seed} (null: none), its stderr into {@code log}.
     *
     * @param extra further arguments of {@link GossipMember}
     */
    MemberProcess(int node, String seed, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms8m", "-Xmx64m", "-XX:+UseSerialGC", "-Dio.netty.noUnsafe=true",
                "-cp", System.getProperty("java.class.path"), GossipMember.class.getName(), Integer.toString(node),
                seed == null ? "-" : seed));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        process = pb.start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("member-" + node + "-out").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
        });
        String addr = expect("ADDR ", Duration.ofSeconds(30));
        address = addr.substring("ADDR ".length());
    }

    static Path log(String name) {
        return new File(System.getProperty("java.io.tmpdir"), "ebpf4j-gossip-" + name + ".log").toPath();
    }

    void send(String command) {
        in.println(command);
    }

    /**
     * The first output line starting with {@code prefix} not taken yet (lines that do not match stay for
     * later calls), or an exception after {@code timeout}.
     */
    String expect(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                for (var it = pending.iterator(); it.hasNext(); ) {
                    String l = it.next();
                    if (l.startsWith(prefix)) {
                        it.remove();
                        return l;
                    }
                }
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new IllegalStateException("no '" + prefix + "' from member process " + process.pid()
                            + " within " + timeout + " (alive: " + process.isAlive() + ")");
                }
                pending.add(l);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every output line received so far, taken. */
    List<String> drain() {
        List<String> out = new ArrayList<>(pending);
        pending.clear();
        lines.drainTo(out);
        return out;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process at once (SIGKILL: no leave announcement). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
