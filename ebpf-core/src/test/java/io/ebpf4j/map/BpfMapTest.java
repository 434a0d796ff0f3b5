package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BpfMapTest {
    record Key(int pid, short cpu) {}

    record Stats(long packets, long bytes, @FixedSize(16) byte[] comm) {}

    @Test
    void hashMapWithRecordKeysAndValues() {
        RecordCodec<Key> kc = Codecs.record(Key.class);
        RecordCodec<Stats> vc = Codecs.record(Stats.class);
        assertEquals(8, kc.size(), "int + short + 2 bytes tail padding");
        try (BpfMap<Key, Stats> map = BpfMap.create(MapSpec.hash(kc.size(), vc.size(), 32), kc, vc)) {
            byte[] comm = "java".getBytes();
            byte[] padded = java.util.Arrays.copyOf(comm, 16);
            map.put(new Key(1, (short) 0), new Stats(10, 1000, padded));
            Stats s = map.get(new Key(1, (short) 0)).orElseThrow();
            assertEquals(10, s.packets());
            assertEquals(1000, s.bytes());
            assertEquals("java", new String(s.comm()).trim().replace("\0", ""));
            assertTrue(map.contains(new Key(1, (short) 0)));
            assertFalse(map.contains(new Key(1, (short) 1)));
            assertEquals(Optional.empty(), map.get(new Key(2, (short) 0)));
            assertTrue(map.delete(new Key(1, (short) 0)));
            assertFalse(map.delete(new Key(1, (short) 0)));
        }
    }

    @Test
    void codecSizesAreCheckedAgainstTheMap() {
        try (RawMap raw = RawMap.create(MapSpec.hash(8, 4, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BpfMap.of(raw, Codecs.INT, Codecs.INT));
            assertTrue(e.getMessage().contains("encodes 4 bytes but the map's keys are 8 bytes"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BpfMap.of(raw, Codecs.LONG, Codecs.LONG));
            assertTrue(e.getMessage().contains("values are 4 bytes"), e.getMessage());
        }
    }

    @Test
    void updateFlags() {
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.hash(4, 8, 8), Codecs.INT, Codecs.LONG)) {
            assertFalse(map.put(1, 1L, UpdateFlag.EXIST));
            assertTrue(map.put(1, 1L, UpdateFlag.NO_EXIST));
            assertFalse(map.put(1, 2L, UpdateFlag.NO_EXIST));
            assertTrue(map.put(1, 3L, UpdateFlag.EXIST));
            assertEquals(3L, map.get(1).orElseThrow());
        }
    }

    @Test
    void iterationAndClearOnAHashMap() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, 100), Codecs.INT, Codecs.INT)) {
            for (int i = 0; i < 50; i++) {
                map.put(i, i * i);
            }
            Set<Integer> keys = new HashSet<>();
            map.keys().forEach(keys::add);
            assertEquals(50, keys.size());
            List<Map.Entry<Integer, Integer>> entries = new ArrayList<>();
            map.entries().forEach(entries::add);
            assertEquals(50, entries.size());
            entries.forEach(e -> assertEquals(e.getKey() * e.getKey(), e.getValue()));
            assertEquals(50, map.clear());
            assertFalse(map.keys().iterator().hasNext());
        }
    }

    @Test
    void arrayMapsClearByZeroing() {
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.array(8, 5), Codecs.INT, Codecs.LONG)) {
            assertEquals(0L, map.get(3).orElseThrow(), "array elements always exist");
            assertEquals(Optional.empty(), map.get(5), "out of range");
            map.put(3, 42L);
            List<Integer> keys = new ArrayList<>();
            map.keys().forEach(keys::add);
            assertEquals(List.of(0, 1, 2, 3, 4), keys);
            assertEquals(5, map.clear());
            assertEquals(0L, map.get(3).orElseThrow());
        }
    }

    @Test
    void oneViewUsedByManyThreads() throws Exception {
        int threads = 4;
        int perThread = 2000;
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.hash(4, 8, threads * perThread), Codecs.INT,
                Codecs.LONG)) {
            List<Thread> workers = new ArrayList<>();
            java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread w = new Thread(() -> {
                    try {
                        for (int i = base; i < base + perThread; i++) {
                            map.put(i, (long) i * 3);
                            assertEquals((long) i * 3, map.get(i).orElseThrow());
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
            Map<Integer, Long> all = map.lookupAll();
            assertEquals(threads * perThread, all.size());
            all.forEach((k, v) -> assertEquals((long) k * 3, v));
        }
    }

    @Test
    void lruHashEvictsInsteadOfFailing() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.of(MapType.LRU_HASH, 4, 4, 64), Codecs.INT,
                Codecs.INT)) {
            for (int i = 0; i < 1000; i++) {
                map.put(i, i);
            }
            int count = 0;
            for (Integer k : map.keys()) {
                assertEquals(k, map.get(k).orElse(k), "values stay consistent");
                count++;
            }
            assertTrue(count > 0 && count <= 1000, "count " + count);
            assertTrue(map.contains(999), "the most recent key survives");
        }
    }
}
