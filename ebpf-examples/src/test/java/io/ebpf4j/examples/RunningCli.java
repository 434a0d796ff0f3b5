package io.ebpf4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A long-running {@code ebpf4j} command in a child JVM whose output is read while it runs. */
final class RunningCli {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    RunningCli(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name("child-output").start(this::pump);
    }

    static RunningCli start(List<String> wrapper, String classPath, String... args) throws IOException {
        return new RunningCli(ChildJvm.start(wrapper, classPath, List.of(), args));
    }

    private void pump() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    Process process() {
        return process;
    }

    /** Everything the child printed so far. */
    String output() {
        return output.toString();
    }

    /** Waits (up to two minutes) until the output matches {@code p}; fails with the output otherwise. */
    Matcher await(Pattern p) throws InterruptedException {
        return await(p, 0);
    }

    /** The length of the output so far: {@link #await(Pattern, int)} from here on sees only what comes after. */
    int mark() {
        return output.length();
    }

    /** {@link #await(Pattern)} on the output from {@code from} ({@link #mark()}) on. */
    Matcher await(Pattern p, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(output);
            if (m.find(from)) {
                return m;
            }
            if (!process.isAlive() && !pump.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        Matcher m = p.matcher(output);
        if (m.find(from)) {
            return m;
        }
        throw new AssertionError("child output never matched " + p + ":\n" + output);
    }

    /** Ends the child if it still runs (SIGTERM, so its shutdown hooks clean up) and waits for its output. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        pump.join(10_000);
    }
}
