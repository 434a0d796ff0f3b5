package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IterationTest {

    @Test
    void deletingTheCurrentKeyNeitherRepeatsNorLoses() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, 256), Codecs.INT, Codecs.INT)) {
            for (int i = 0; i < 200; i++) {
                map.put(i, i);
            }
            List<Integer> produced = new ArrayList<>();
            KeyWalk walk = new KeyWalk(map.raw());
            java.lang.foreign.MemorySegment k;
            while ((k = walk.advance()) != null) {
                int key = Codecs.INT.decode(k, 0);
                produced.add(key);
                if (key % 2 == 0) {
                    map.delete(key); // the key the walk stands on vanishes: the kernel restarts from the first key
                }
            }
            assertEquals(200, produced.size(), "every key exactly once: " + produced);
            assertEquals(200, new HashSet<>(produced).size());
            assertTrue(walk.restarts() > 0, "the walk did restart");
            Set<Integer> left = new HashSet<>();
            map.keys().forEach(left::add);
            assertEquals(100, left.size());
        }
    }

    @Test
    void concurrentDeletesFromAnotherThread() throws Exception {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, 4096), Codecs.INT, Codecs.INT)) {
            for (int i = 0; i < 4000; i++) {
                map.put(i, i);
            }
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Thread deleter = new Thread(() -> {
                started.countDown();
                // deletes only odd keys: even keys stay for the whole walk and must all be produced
                for (int i = 1; i < 4000 && !stop.get(); i += 2) {
                    map.delete(i);
                }
            });
            deleter.start();
            started.await();
            List<Integer> produced = new ArrayList<>();
            try {
                for (int key : map.keys()) {
                    produced.add(key);
                }
            } finally {
                stop.set(true);
                deleter.join();
            }
            Set<Integer> unique = new HashSet<>(produced);
            assertEquals(produced.size(), unique.size(), "no key produced twice");
            for (int i = 0; i < 4000; i += 2) {
                assertTrue(unique.contains(i), "kept key " + i + " was produced");
            }
        }
    }

    @Test
    void drainingWhileAnotherThreadInsertsProducesEachKeyOnce() throws Exception {
        int total = 5000;
        // room for every key: the producer never waits for the consumer, so neither can block the other
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, total), Codecs.INT, Codecs.INT)) {
            for (int i = 0; i < 100; i++) {
                map.put(i, i);
            }
            Thread producer = new Thread(() -> {
                for (int i = 100; i < total; i++) {
                    map.put(i, i);
                }
            });
            producer.start();
            List<Integer> produced = new ArrayList<>();
            try {
                for (int key : map.keys()) {
                    produced.add(key);
                    assertTrue(map.delete(key));
                }
            } finally {
                producer.join();
            }
            Set<Integer> unique = new HashSet<>(produced);
            assertEquals(produced.size(), unique.size(), "no key produced twice");
            Set<Integer> left = new HashSet<>();
            map.keys().forEach(left::add);
            for (int i = 0; i < total; i++) {
                assertTrue(unique.contains(i) ^ left.contains(i), "key " + i + " drained or still there, not both");
            }
        }
    }

    @Test
    void entriesSkipElementsDeletedUnderTheWalk() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, 64), Codecs.INT, Codecs.INT)) {
            for (int i = 0; i < 50; i++) {
                map.put(i, -i);
            }
            Set<Integer> seen = new HashSet<>();
            for (var e : map.entries()) {
                assertEquals(-e.getKey(), e.getValue());
                assertTrue(seen.add(e.getKey()));
                map.delete(e.getKey());
                map.delete((e.getKey() + 25) % 50);
            }
            assertTrue(seen.size() >= 25 && seen.size() <= 50, "seen " + seen.size());
        }
    }
}
