package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.libbpf.TestPrograms;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MapKindsTest {

    @Test
    void perCpuHashSumsOverPossibleCpus() {
        int cpus = io.ebpf4j.internal.libbpf.MapCalls.numPossibleCpus();
        assertEquals(Runtime.getRuntime().availableProcessors() <= cpus, true);
        MapSpec spec = MapSpec.of(MapType.PERCPU_HASH, 4, 4, 8); // 4-byte values: slots rounded to 8
        try (PerCpuMap<Integer, Integer> map = PerCpuMap.createPerCpu(spec, Codecs.INT, Codecs.INT)) {
            assertEquals(cpus, map.cpus());
            assertEquals(8 * cpus, map.raw().valueBufferSize());
            List<Integer> values = new ArrayList<>();
            long expected = 0;
            for (int c = 0; c < cpus; c++) {
                values.add(100 + c);
                expected += 100 + c;
            }
            map.put(1, values);
            assertEquals(values, map.get(1).orElseThrow());
            assertEquals(Optional.of(expected), map.sum(1));
            map.putAllCpus(2, 5);
            assertEquals(Optional.of(5L * cpus), map.sum(2));
            assertEquals(Optional.empty(), map.sum(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map.put(4, List.of(1)));
            assertTrue(cpus == 1 || e.getMessage().contains("possible CPUs"), e.getMessage());
        }
    }

    @Test
    void perCpuSlotsWrittenByTheKernelOnEachCpu() {
        try (PerCpuMap<Integer, Long> map = PerCpuMap.createPerCpu(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 1),
                Codecs.INT, Codecs.LONG);
                Fd prog = TestPrograms.incrementKeyZero(map.raw().fd())) {
            int online = Runtime.getRuntime().availableProcessors();
            List<Long> expected = new ArrayList<>();
            long total = 0;
            for (int cpu = 0; cpu < map.cpus(); cpu++) {
                int runs = cpu < online ? cpu + 2 : 0; // CPU 0 twice, CPU 1 three times...
                for (int i = 0; i < runs; i++) {
                    TestPrograms.runOnCpu(prog, cpu);
                }
                expected.add((long) runs);
                total += runs;
            }
            assertEquals(expected, map.get(0).orElseThrow(), "slot i holds what CPU i counted");
            assertEquals(Optional.of(total), map.sum(0));
            assertEquals(Map.of(0, expected), map.lookupAll(), "batch lookup sees the same slots");
        }
    }

    @Test
    void perCpuArrayAndLruPerCpuHash() {
        try (PerCpuMap<Integer, Long> arr = PerCpuMap.createPerCpu(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 4),
                Codecs.INT, Codecs.LONG);
                PerCpuMap<Integer, Long> lru = PerCpuMap.createPerCpu(
                        MapSpec.of(MapType.LRU_PERCPU_HASH, 4, 8, 16), Codecs.INT, Codecs.LONG)) {
            assertEquals(Optional.of(0L), arr.sum(3));
            arr.putAllCpus(3, 7L);
            assertEquals(Optional.of(7L * arr.cpus()), arr.sum(3));
            assertEquals(4, arr.clear());
            assertEquals(Optional.of(0L), arr.sum(3));
            lru.putAllCpus(1, 2L);
            assertEquals(Optional.of(2L * lru.cpus()), lru.sum(1, v -> v));
        }
    }

    @Test
    void perCpuViewsNeedThePerCpuCodec() {
        try (RawMap raw = RawMap.create(MapSpec.of(MapType.PERCPU_HASH, 4, 8, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BpfMap.of(raw, Codecs.INT, Codecs.LONG));
            assertTrue(e.getMessage().contains("Codecs.perCpu"), e.getMessage());
        }
    }

    record Counter(long hits, int last, short flags) {}

    @Test
    @SuppressWarnings("try") // closes explicitly inside the block to test use after close
    void mmapArrayIsVisibleToSyscallsBothWays() {
        RecordCodec<Counter> codec = Codecs.record(Counter.class);
        assertEquals(16, codec.size());
        try (MmapArray<Counter> arr = MmapArray.create(MapTesting.name("mmap"), codec, 1000)) {
            BpfMap<Integer, Counter> sys = BpfMap.of(arr.raw(), Codecs.INT, codec);
            arr.set(5, new Counter(11, 22, (short) 3));
            assertEquals(new Counter(11, 22, (short) 3), sys.get(5).orElseThrow(), "mmap write seen by lookup");
            sys.put(999, new Counter(-1, -2, (short) -3));
            assertEquals(new Counter(-1, -2, (short) -3), arr.get(999), "syscall write seen through the mapping");
            assertEquals(11, arr.getAndAddLong(5, 4));
            assertEquals(15, sys.get(5).orElseThrow().hits());
            assertEquals(16, arr.stride());
            assertEquals(16_000, arr.segment().byteSize());
            assertEquals(22, arr.element(5).get(ValueLayout.JAVA_INT, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> arr.get(1000));
            MemorySegment seg = arr.segment();
            arr.close();
            arr.close();
            assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_LONG, 0), "unmapped: no crash");
        }
    }

    @Test
    void programWritesAreSeenThroughTheMapping() {
        try (MmapArray<Long> arr = MmapArray.create(MapTesting.name("mmapprog"), Codecs.LONG, 4);
                Fd prog = TestPrograms.incrementKeyZero(arr.raw().fd())) {
            for (int i = 0; i < 3; i++) {
                TestPrograms.runOnCpu(prog, 0);
            }
            assertEquals(3L, arr.get(0), "the program's atomic adds, read without a syscall");
            arr.set(0, 100L);
            TestPrograms.runOnCpu(prog, 0);
            assertEquals(101L, arr.get(0), "the program saw our write through the mapping");
        }
    }

    @Test
    void mmapArrayNeedsTheFlag() {
        try (RawMap raw = RawMap.create(MapSpec.array(8, 4))) {
            assertThrows(IllegalArgumentException.class, () -> MmapArray.of(raw, Codecs.LONG));
        }
    }

    @Test
    void lpmTrieLongestPrefixMatch() throws Exception {
        try (LpmTrie<Integer> v4 = LpmTrie.create(MapTesting.name("lpm4"), 4, Codecs.INT, 16);
                LpmTrie<Integer> v6 = LpmTrie.create(MapTesting.name("lpm6"), 16, Codecs.INT, 16)) {
            v4.put(Cidr.parse("10.0.0.0/8"), 8);
            v4.put(Cidr.parse("10.1.0.0/16"), 16);
            v4.put(Cidr.parse("10.1.2.3/32"), 32);
            assertEquals(Optional.of(16), v4.match(InetAddress.getByName("10.1.9.9")));
            assertEquals(Optional.of(8), v4.match(InetAddress.getByName("10.200.0.1")));
            assertEquals(Optional.of(32), v4.match(InetAddress.getByName("10.1.2.3")));
            assertEquals(Optional.empty(), v4.match(InetAddress.getByName("11.0.0.1")));
            assertEquals(Optional.of(16), v4.get(Cidr.parse("10.1.0.0/16")));
            assertTrue(v4.delete(Cidr.parse("10.1.0.0/16")));
            assertEquals(Optional.of(8), v4.match(InetAddress.getByName("10.1.9.9")));

            v6.put(Cidr.parse("2001:db8::/32"), 32);
            v6.put(Cidr.parse("2001:db8:1::/48"), 48);
            assertEquals(Optional.of(48), v6.match(InetAddress.getByName("2001:db8:1::5")));
            assertEquals(Optional.of(32), v6.match(InetAddress.getByName("2001:db8:2::5")));
            assertThrows(IllegalArgumentException.class, () -> v6.match(InetAddress.getByName("10.0.0.1")));
            assertThrows(IllegalArgumentException.class, () -> v4.put(Cidr.parse("::1/128"), 1));
        }
    }

    @Test
    void lpmKeysAreLaidOutAsTheKernelWants() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8);
            Cidr.codec(4).encode(Cidr.parse("192.168.1.0/24"), s, 0);
            assertEquals(24, s.get(ValueLayout.JAVA_INT, 0), "prefix length in host order");
            assertEquals((byte) 192, s.get(ValueLayout.JAVA_BYTE, 4), "address in network order");
            assertEquals((byte) 168, s.get(ValueLayout.JAVA_BYTE, 5));
            assertEquals((byte) 1, s.get(ValueLayout.JAVA_BYTE, 6));
        }
    }

    @Test
    void cidrParsing() {
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString(), "host bits cleared");
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(" 10.0.0.0 / 8 "));
        assertEquals(32, Cidr.parse("1.2.3.4").prefixLength());
        assertEquals(128, Cidr.parse("::1").prefixLength());
        assertEquals(16, Cidr.parse("2001:db8::/32").addressBytes());
        assertTrue(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("10.9.0.0/16")));
        assertFalse(Cidr.parse("10.9.0.0/16").contains(Cidr.parse("10.0.0.0/8")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"), "no DNS lookups");
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }

    @Test
    void queueAndStack() {
        try (QueueMap<Long> q = QueueMap.create(MapType.QUEUE, MapTesting.name("queue"), Codecs.LONG, 3);
                QueueMap<Long> st = QueueMap.create(MapType.STACK, MapTesting.name("stack"), Codecs.LONG, 3)) {
            for (long i = 1; i <= 3; i++) {
                q.push(i);
                st.push(i);
            }
            assertThrows(MapFullException.class, () -> q.push(4L));
            q.push(4L, true); // overwrite the oldest
            assertEquals(Optional.of(2L), q.peek());
            assertEquals(Optional.of(2L), q.pop());
            assertEquals(Optional.of(3L), q.pop());
            assertEquals(Optional.of(4L), q.pop());
            assertEquals(Optional.empty(), q.pop());
            assertEquals(Optional.empty(), q.peek());
            assertEquals(Optional.of(3L), st.peek());
            assertEquals(Optional.of(3L), st.pop());
            assertEquals(Optional.of(2L), st.pop());
            assertEquals(Optional.of(1L), st.pop());
            assertEquals(Optional.empty(), st.pop());
        }
    }

    @Test
    void progArrayHoldsPrograms() {
        try (ProgArray arr = ProgArray.create(MapTesting.name("progs"), 4); Fd prog = TestPrograms.returnZeroSocketFilter()) {
            assertEquals(Optional.empty(), arr.id(2));
            arr.set(2, prog.get());
            int id = arr.id(2).orElseThrow();
            assertTrue(id > 0, "program id " + id);
            List<Integer> keys = new ArrayList<>();
            arr.keys().forEach(keys::add);
            assertEquals(4, keys.size(), "array keys are all indexes");
            assertTrue(arr.remove(2));
            assertEquals(Optional.empty(), arr.id(2));
        }
    }

    @Test
    void arrayAndHashOfMapsHoldInnerMaps() {
        MapSpec inner = MapSpec.hash(4, 8, 16);
        try (MapOfMaps<Integer> arr = MapOfMaps.create(MapSpec.arrayOfMaps(inner, 4).withName(MapTesting.name("aom")),
                Codecs.INT);
                MapOfMaps<Long> hash = MapOfMaps.create(MapSpec.hashOfMaps(8, inner, 4), Codecs.LONG);
                RawMap in1 = RawMap.create(inner);
                RawMap wrong = RawMap.create(MapSpec.hash(8, 8, 16))) {
            arr.set(1, in1);
            assertEquals(Optional.of(in1.info().id()), arr.id(1));
            hash.set(77L, in1);
            assertEquals(Optional.of(in1.info().id()), hash.id(77L));
            assertThrows(io.ebpf4j.kernel.BpfException.class, () -> hash.set(78L, wrong), "inner key size differs");
            assertTrue(hash.remove(77L));
            assertFalse(hash.remove(77L));
        }
    }
}
