package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs CLI commands in process with stdout captured; finds and builds the objects they are tested on. */
final class Cli {
    /** Strict: one JSON value and nothing after it. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Exit code and standard output of one run. */
    record Result(int exit, String out) {}

    private Cli() {}

    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            System.out.flush();
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    /** A fixture object of ebpf-core's tests (built by ebpf-native/build-bpf.sh). */
    static Path fixture(String name) {
        Path p = Path.of("..", "ebpf-core", "src", "test", "resources", "bpf", name + ".bpf.o");
        if (!Files.exists(p)) {
            fail("fixture " + p.toAbsolutePath() + " is missing");
        }
        return p;
    }

    /** The directory of ebpf-core's libbpf feature-matrix objects (ebpf-core/src/test/bpf/features). */
    static final Path FEATURES = Path.of("..", "ebpf-core", "src", "test", "resources", "bpf", "features");

    /** A feature-matrix object of ebpf-core's tests, e.g. {@code kconfig}. */
    static Path feature(String name) {
        Path p = FEATURES.resolve(name + ".bpf.o");
        if (!Files.exists(p)) {
            fail("feature object " + p.toAbsolutePath() + " is missing");
        }
        return p;
    }

    /**
     * foreign.bpf.c compiled now with the installed clang, unstripped and laid out unlike our fixtures
     * (see the source). Needs clang; fails when it is missing, since CI has it.
     */
    static Path foreignObject() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "cli-test"));
        Path src = dir.resolve("foreign.bpf.c");
        try (InputStream in = Cli.class.getResourceAsStream("foreign.bpf.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve("foreign.bpf.o");
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        List<String> cmd = List.of("clang", "-target", "bpf", "-O2", "-g", "-I/usr/include/" + arch + "-linux-gnu",
                "-c", src.toString(), "-o", obj.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed:\n" + out);
        }
        return obj;
    }

    /** {@code text} parsed as one JSON value (surrounding white space allowed); fails on anything else. */
    static JsonNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node.isMissingNode()) {
                throw new AssertionError("no JSON value in: '" + text + "'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + e.getOriginalMessage() + "\n" + text, e);
        }
    }

    /** The line of {@code out} that starts (after indentation) with {@code first}. */
    static String row(String out, String first) {
        return out.lines().filter(l -> l.strip().startsWith(first + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + first + " in:\n" + out));
    }
}
