package io.ebpf4j.examples;

import io.ebpf4j.testkit.DroppedPrivileges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs {@code ebpf4j} in a child JVM (the JDK of this process), optionally behind a wrapper command. */
final class ChildJvm {
    record Outcome(int exitCode, String output) {}

    private ChildJvm() {}

    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The test class path (surefire puts the real one in surefire.test.class.path). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static Outcome run(List<String> wrapper, String classPath, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        Process p = start(wrapper, classPath, jvmArgs, args);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish: " + p.info().commandLine().orElse("?"));
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Starts the child JVM (stderr merged into stdout) and returns it running. */
    static Process start(List<String> wrapper, String classPath, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(java());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:-UsePerfData");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).directory(new java.io.File("/tmp")).start();
    }

    /** Copies every class path entry into a world-readable directory; returns the new class path. */
    static String worldReadableCopy(Path dir) throws IOException {
        return DroppedPrivileges.worldReadableClassPath(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** A JVM crash or an escaped exception leaves these in the output. */
    static void assertNoCrash(Outcome o) {
        for (String bad : new String[] {"hs_err", "SIGSEGV", "Exception in thread", "\tat "}) {
            if (o.output().contains(bad)) {
                throw new AssertionError("child output contains \"" + bad.strip() + "\":\n" + o.output());
            }
        }
    }
}
