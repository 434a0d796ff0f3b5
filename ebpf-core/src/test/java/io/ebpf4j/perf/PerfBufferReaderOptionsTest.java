package io.ebpf4j.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.internal.os.Cpus;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.ringbuf.RingFixture;
import io.ebpf4j.testkit.RequiresKernel;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builder's options and their errors, the handler shapes, and a perf event array with fewer
 * entries than there are CPUs.
 */
@RequiresKernel(KernelFeature.PERF_BUFFER)
class PerfBufferReaderOptionsTest {

    private static <T extends Throwable> String message(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void badOptionsAreRefusedWithWhatWasWrong() {
        PerfBufferReader.Builder b = PerfBufferReader.builder();
        assertEquals("wakeup events must be at least 1: 0", message(IllegalArgumentException.class, () -> b.wakeupEvents(0)));
        assertEquals("CPUs must be a non-empty list of CPU numbers: []",
                message(IllegalArgumentException.class, () -> b.cpus(List.of())));
        assertEquals("CPUs must be a non-empty list of CPU numbers: [0, -1]",
                message(IllegalArgumentException.class, () -> b.cpus(List.of(0, -1))));
        assertEquals("pages per CPU must be a power of two: 0", message(IllegalArgumentException.class, () -> b.pagesPerCpu(0)));
        assertEquals("set the perf event array with map(...)", message(IllegalStateException.class, b::build));
        try (RingFixture f = RingFixture.load()) {
            assertEquals("set a sample handler with handler(...)",
                    message(IllegalStateException.class, () -> PerfBufferReader.builder().map(f.obj, "pb").build()));
        }
    }

    @Test
    void everyHandlerShapeSeesTheSameSamples() {
        int cpu = Cpus.online().get(0);
        try (RingFixture f = RingFixture.load()) {
            List<Long> raw = new ArrayList<>();
            List<Long> sliced = new ArrayList<>();
            List<Long> decoded = new ArrayList<>();
            try (PerfBufferReader a = PerfBufferReader.builder().map(f.obj, "pb").cpus(List.of(cpu))
                    .handler((buffer, offset, length) -> raw.add(buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset)))
                    .wakeupEvents(2).pagesPerCpu(2).busyPoll(false).build()) {
                RingFixture.onCpu(cpu, () -> f.produce(RingFixture.PERF, 32, 3));
                assertEquals(3, a.consume());
            }
            try (PerfBufferReader b = PerfBufferReader.builder().map(f.obj, "pb").cpus(List.of(cpu))
                    .handler(record -> sliced.add(record.get(ValueLayout.JAVA_LONG_UNALIGNED, 0))).build()) {
                RingFixture.onCpu(cpu, () -> f.produce(RingFixture.PERF, 32, 3));
                assertEquals(3, b.consume());
            }
            try (PerfBufferReader c = PerfBufferReader.builder().map(f.obj, "pb").cpus(List.of(cpu))
                    .handler(record -> record.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), decoded::add).build()) {
                RingFixture.onCpu(cpu, () -> f.produce(RingFixture.PERF, 32, 3));
                assertEquals(3, c.consume());
            }
            // the producer numbers its records: three runs of three, each run in order
            for (List<Long> seqs : List.of(raw, sliced, decoded)) {
                assertEquals(3, seqs.size(), seqs.toString());
                assertTrue(seqs.get(0) < seqs.get(1) && seqs.get(1) < seqs.get(2), seqs.toString());
            }
            assertTrue(raw.get(2) < sliced.get(0) && sliced.get(2) < decoded.get(0), raw + " " + sliced + " " + decoded);
        }
    }

    @Test
    void aCpuPastTheArraysEntriesGetsNoBufferAndItsSamplesAreDropped() {
        List<Integer> cpus = Cpus.online();
        assumeTrue(cpus.size() >= 2 && cpus.get(0) == 0, "needs CPUs 0 and another: " + cpus);
        int other = cpus.get(1);
        try (RingFixture f = RingFixture.load(spec -> spec.map("pb").setMaxEntries(1))) {
            List<Integer> seen = new ArrayList<>();
            try (PerfBufferReader reader = PerfBufferReader.builder().map(f.obj, "pb")
                    .handler((cpu, buffer, offset, length) -> seen.add(cpu)).build()) {
                assertEquals(List.of(0), reader.cpus(), "CPU " + other + " is past max_entries 1");
                RingFixture.onCpu(0, () -> f.produce(RingFixture.PERF, 24, 2));
                long dropsBefore = f.stat(RingFixture.PERF, 1);
                RingFixture.onCpu(other, () -> f.produce(RingFixture.PERF, 24, 2));
                assertEquals(2, reader.consume());
                assertEquals(List.of(0, 0), seen);
                assertEquals(dropsBefore + 2, f.stat(RingFixture.PERF, 1), "the kernel refused CPU " + other + "'s samples");
                assertEquals(2, reader.stats(0).records());
                assertEquals("CPU " + other + " has no buffer in this reader; CPUs: [0]",
                        message(IllegalArgumentException.class, () -> reader.stats(other)));
            }
            BpfException e = assertThrows(BpfException.class, () -> PerfBufferReader.builder().map(f.obj, "pb")
                    .cpus(List.of(other)).handler((cpu, buffer, offset, length) -> { }).build());
            assertTrue(e.getMessage().contains("no CPU got a buffer (CPUs [" + other + "], map max_entries 1)"), e.getMessage());
            // the failed build left the array usable: a reader on CPU 0 works again
            int[] count = new int[1];
            try (PerfBufferReader again = PerfBufferReader.builder().map(f.obj, "pb").cpus(List.of(0))
                    .handler((cpu, buffer, offset, length) -> count[0]++).build()) {
                RingFixture.onCpu(0, () -> f.produce(RingFixture.PERF, 24, 1));
                assertEquals(1, again.consume());
            }
            assertEquals(1, count[0], Arrays.toString(count));
        }
    }
}
