package io.ebpf4j.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared fixtures: one vmlinux BTF per JVM, compiling the sample BPF object, running tools. */
final class BtfTestSupport {
    static final Path WORK = Path.of("target", "btf-test");
    private static Btf vmlinux;
    private static Map<Integer, BpftoolRaw.Type> vmlinuxRaw;

    private BtfTestSupport() {}

    /** The kernel's BTF, loaded once and never closed (tests must not close it). */
    static synchronized Btf vmlinux() {
        if (vmlinux == null) {
            vmlinux = Btf.vmlinux();
        }
        return vmlinux;
    }

    /** bpftool's reading of the kernel's BTF. */
    static synchronized Map<Integer, BpftoolRaw.Type> vmlinuxRaw() throws IOException, InterruptedException {
        if (vmlinuxRaw == null) {
            vmlinuxRaw = BpftoolRaw.dump(Path.of("/sys/kernel/btf/vmlinux"));
        }
        return vmlinuxRaw;
    }

    private static Boolean hasClang;

    static synchronized boolean hasClang() {
        if (hasClang == null) {
            hasClang = run(List.of("clang", "--version"), null).exitCode == 0;
        }
        return hasClang;
    }

    /** Copies a test resource into {@link #WORK} and returns its path. */
    static Path resource(String name) throws IOException {
        Files.createDirectories(WORK);
        Path out = WORK.resolve(name);
        try (var in = BtfTestSupport.class.getResourceAsStream("/btf/" + name)) {
            Files.write(out, in.readAllBytes());
        }
        return out;
    }

    /** Compiles the sample BPF program; {@code debug} adds -g (and so BTF). */
    static synchronized Path sampleObject(boolean debug) throws IOException {
        resource("btf_sample.h");
        Path src = resource("btf_sample.bpf.c");
        Path obj = WORK.resolve(debug ? "btf_sample.bpf.o" : "btf_sample_nodebug.bpf.o");
        if (Files.exists(obj)) {
            return obj;
        }
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu"));
        if (debug) {
            cmd.add("-g");
        }
        cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
        Result r = run(cmd, null);
        if (r.exitCode != 0) {
            throw new IOException("clang failed: " + r.output);
        }
        return obj;
    }

    /**
     * Raw split BTF on top of {@code base}: [n] TYPEDEF ebpf4j_split_t to base type 1, [n+1] PTR to it,
     * where n is the base's type count.
     */
    static byte[] splitBytes(Btf base) {
        int baseStrLen = ByteBuffer.wrap(base.rawBytes()).order(ByteOrder.nativeOrder()).getInt(20);
        byte[] strings = "ebpf4j_split_t\0".getBytes(StandardCharsets.US_ASCII);
        int splitId = base.typeCount();
        ByteBuffer b = ByteBuffer.allocate(24 + 24 + strings.length).order(ByteOrder.nativeOrder());
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(24).putInt(24)
                .putInt(strings.length);
        b.putInt(baseStrLen).putInt(8 << 24).putInt(1);
        b.putInt(0).putInt(2 << 24).putInt(splitId);
        b.put(strings);
        return b.array();
    }

    record Result(int exitCode, String output) {}

    static Result run(List<String> cmd, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
