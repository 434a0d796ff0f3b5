package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test support: builds BPF objects with clang, reads their code sections, runs llvm-objdump, checks for root. */
public final class TestObjects {
    private static final Path OUT = Path.of("target", "asm-test");

    private TestObjects() {}

    /** Whether CI=true (then tests that need tools or root must not skip). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test (outside CI) or fails it (in CI) when {@code ok} is false. */
    public static void require(boolean ok, String what) {
        if (!ok) {
            if (inCi()) {
                fail(what + " is required when CI=true");
            }
            Assumptions.abort(what + " is not available here");
        }
    }

    /** Requires root (the kernel tests load programs). */
    public static void requireRoot() {
        require("root".equals(System.getProperty("user.name")), "root");
    }

    static boolean hasTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Compiles the test resource {@code name}.bpf.c with clang and returns the object path. */
    static Path compile(String name, String... extraFlags) throws IOException, InterruptedException {
        return compile(TestObjects.class, name, extraFlags);
    }

    /** Compiles the test resource {@code name}.bpf.c found next to {@code anchor} and returns the object path. */
    public static Path compile(Class<?> anchor, String name, String... extraFlags) throws IOException, InterruptedException {
        require(hasTool("clang"), "clang");
        Files.createDirectories(OUT);
        Path src = OUT.resolve(name + ".bpf.c");
        try (InputStream in = anchor.getResourceAsStream(name + ".bpf.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path obj = OUT.resolve(name + ".bpf.o");
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> System.getProperty("os.arch");
        };
        List<String> cmd = new ArrayList<>(List.of("clang", "-target", "bpf", "-O2", "-g",
                "-I/usr/include/" + arch + "-linux-gnu"));
        cmd.addAll(List.of(extraFlags));
        cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
        run(cmd);
        return obj;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    /** The executable sections of an ELF64 little-endian object: name to bytes, in file order. */
    static Map<String, byte[]> codeSections(Path elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, b.getInt(0), "ELF magic");
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            int type = b.getInt(h + 4);
            long flags = b.getLong(h + 8);
            if (type == 1 && (flags & 0x4) != 0) {
                int off = (int) b.getLong(h + 0x18);
                int size = (int) b.getLong(h + 0x20);
                byte[] bytes = new byte[size];
                b.get(off, bytes);
                out.put(cString(b, (int) strOff + b.getInt(h)), bytes);
            }
        }
        return out;
    }

    /**
     * {@code llvm-objdump -d --no-show-raw-insn} of an object: section name to (slot index to text),
     * with label suffixes ({@code <LBB0_3>}) removed.
     */
    static Map<String, Map<Integer, String>> objdump(Path obj) throws IOException, InterruptedException {
        require(hasTool("llvm-objdump"), "llvm-objdump");
        String out = run(List.of("llvm-objdump", "-d", "--no-show-raw-insn", obj.toString()));
        Map<String, Map<Integer, String>> sections = new LinkedHashMap<>();
        Map<Integer, String> current = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("Disassembly of section ")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring("Disassembly of section ".length(), line.length() - 1), current);
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s+(\\d+):\\s+(.*)$").matcher(line);
            if (current != null && m.matches()) {
                current.put(Integer.parseInt(m.group(1)), m.group(2).replaceAll(" <[A-Za-z0-9_.$]+>$", "").strip());
            }
        }
        return sections;
    }

    private static String cString(java.nio.ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
