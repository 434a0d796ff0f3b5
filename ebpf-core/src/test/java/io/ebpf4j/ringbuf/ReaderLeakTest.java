package io.ebpf4j.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.perf.PerfBufferReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Thousands of open/close cycles leave no fds and no mappings behind. */
class ReaderLeakTest {
    private static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long mappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).size();
    }

    @Test
    void openCloseCyclesLeakNothing() throws IOException {
        try (RingFixture f = RingFixture.load()) {
            // warm up class loading, thread locals and the JIT's own mappings
            for (int i = 0; i < 50; i++) {
                cycle(f, i);
            }
            long fdsBefore = fds();
            long mapsBefore = mappings();
            for (int i = 0; i < 2000; i++) {
                cycle(f, i);
            }
            long fdsAfter = fds();
            long mapsAfter = mappings();
            System.out.printf("leak check: fds %d -> %d, mappings %d -> %d after 2000 cycles%n", fdsBefore, fdsAfter,
                    mapsBefore, mapsAfter);
            assertEquals(fdsBefore, fdsAfter, "open fds");
            // the JVM itself may map a little (code cache, metaspace); each cycle maps 2 + CPUs regions
            assertTrue(mapsAfter - mapsBefore < 50, "mappings " + mapsBefore + " -> " + mapsAfter);
        }
    }

    @Test
    void unclosedReadersAreReleasedByTheCleaner() throws Exception {
        try (RingFixture f = RingFixture.load()) {
            abandon(f); // warm up
            gcUntil(() -> false, 3);
            long fdsBefore = fds();
            long mapsBefore = mappings();
            for (int i = 0; i < 20; i++) {
                abandon(f);
            }
            assertTrue(fds() > fdsBefore, "the abandoned readers hold fds until collected");
            boolean released = gcUntil(() -> fds() == fdsBefore && mappings() <= mapsBefore, 100);
            assertTrue(released, "fds " + fdsBefore + " -> " + fds() + ", mappings " + mapsBefore + " -> " + mappings());
        }
    }

    private static void abandon(RingFixture f) {
        RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> { }).build().consume();
        PerfBufferReader.builder().map(f.obj, "pb").handler((c, b, o, l) -> { }).pagesPerCpu(1).build().consume();
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static boolean gcUntil(Check check, int attempts) throws Exception {
        for (int i = 0; i < attempts; i++) {
            System.gc();
            Thread.sleep(50);
            if (check.ok()) {
                return true;
            }
        }
        return check.ok();
    }

    private static void cycle(RingFixture f, int i) {
        try (RingBufferReader rb = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> { })
                .ring(f.obj, "rb_small", (b, o, l) -> { }).build();
             PerfBufferReader pb = PerfBufferReader.builder().map(f.obj, "pb").handler((c, b, o, l) -> { })
                     .pagesPerCpu(1).build()) {
            if (i % 100 == 0) {
                f.produce(RingFixture.RB, 16, 3);
                assertEquals(3, rb.poll(Duration.ofSeconds(5)));
                pb.consume();
            }
        }
        // a reader closed from another thread while polling releases too
        if (i % 200 == 0) {
            RingBufferReader r = RingBufferReader.builder().ring(f.obj, "rb", (b, o, l) -> { }).build();
            Thread t = Thread.ofPlatform().start(() -> r.poll(Duration.ofMinutes(1)));
            r.close();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
