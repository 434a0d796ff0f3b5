package io.ebpf4j.ringbuf;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.RingCalls;
import io.ebpf4j.internal.os.CpuAffinity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The producer of src/test/bpf/ringbuf_reader_test.bpf.c, compiled with clang into target/bpf at test
 * time and loaded. {@link #produce} runs its XDP program {@code repeat} times through BPF_PROG_TEST_RUN,
 * writing one record per run (see the C file for the record layout).
 */
public final class RingFixture implements AutoCloseable {
    public static final int RB = 0;
    public static final int RB2 = 1;
    public static final int RB_SMALL = 2;
    public static final int PERF = 3;
    public static final int MAX_SIZE = 1024;

    private static Path compiled;

    public final BpfObject obj;
    private final Program program;

    private RingFixture(BpfObject obj) {
        this.obj = obj;
        this.program = obj.program("produce");
    }

    public static RingFixture load() {
        return load(spec -> { });
    }

    public static RingFixture load(Consumer<ObjectSpec> tweak) {
        ObjectSpec spec = ObjectSpec.open(object());
        tweak.accept(spec);
        return new RingFixture(spec.load());
    }

    /** Compiles the producer once per JVM. */
    public static synchronized Path object() {
        if (compiled != null) {
            return compiled;
        }
        Path src = Path.of("src/test/bpf/ringbuf_reader_test.bpf.c").toAbsolutePath();
        Path out = Path.of("target/bpf/ringbuf_reader_test.bpf.o").toAbsolutePath();
        try {
            Files.createDirectories(out.getParent());
            String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
            Process p = new ProcessBuilder("clang", "-target", "bpf", "-g", "-O2", "-I/usr/include/" + arch + "-linux-gnu",
                    "-c", src.toString(), "-o", out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("clang failed on " + src + ":\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running clang", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        compiled = out;
        return out;
    }

    /** Runs {@code action} on a platform thread pinned to {@code cpu} (BPF_PROG_TEST_RUN runs on the calling CPU). */
    public static void onCpu(int cpu, Runnable action) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                CpuAffinity.pin(cpu);
                action.run();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (error.get() != null) {
            throw new AssertionError("on CPU " + cpu, error.get());
        }
    }

    /**
     * Starts {@code reader.poll(2 minutes)} on another thread, runs {@code action} once the poll had time
     * to block, and returns what the poll returned (failing if it did not return).
     */
    public static int pollWhile(EventReader reader, Runnable action) {
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread poller = Thread.ofPlatform().start(() -> result.set(reader.poll(java.time.Duration.ofMinutes(2))));
        try {
            Thread.sleep(100);
            action.run();
            poller.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (poller.isAlive()) {
            throw new AssertionError("poll did not return");
        }
        return result.get();
    }

    /** Writes {@code repeat} records of {@code size} bytes to {@code target}. */
    public void produce(int target, int size, int discardEvery, int repeat) {
        ByteBuffer frame = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        frame.position(14);
        frame.putInt(target).putInt(size).putInt(discardEvery).putInt(0);
        program.testRun(frame.array(), repeat);
    }

    public void produce(int target, int size, int repeat) {
        produce(target, size, 0, repeat);
    }

    /** stats[target * 4 + field]: field 0 attempts, 1 drops, 2 discards. */
    public long stat(int target, int field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, target * 4 + field);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            Check.check(RingCalls.lookupElem(obj.mapFd("stats"), key, value), OpKind.MAP, "reading stats");
            return value.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** The byte the producer writes at {@code index} (16 and up) of record {@code seq}. */
    public static byte payloadByte(long seq, int index) {
        return (byte) (seq * 31 + index);
    }

    @Override
    public void close() {
        obj.close();
    }
}
