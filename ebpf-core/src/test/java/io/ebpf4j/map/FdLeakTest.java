package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FdLeakTest {
    private static final int CYCLES = 3000;

    @Test
    void createCloseCyclesLeaveNoDescriptors() throws Exception {
        Path dir = MapTesting.bpffsDir();
        try {
            warmUp(dir);
            long before = MapTesting.openFds();
            for (int i = 0; i < CYCLES; i++) {
                cycle(dir, i);
            }
            long after = MapTesting.openFds();
            // A leak would show thousands; a few descriptors of slack for the JVM's own (class loading).
            assertTrue(after - before < 10, "fds before " + before + ", after " + after);
        } finally {
            MapTesting.removeDir(dir);
        }
    }

    private static void warmUp(Path dir) throws Exception {
        for (int i = 0; i < 20; i++) {
            cycle(dir, i);
        }
    }

    private static void cycle(Path dir, int i) {
        switch (i % 6) {
            case 0 -> {
                try (BpfMap<Integer, Integer> m = BpfMap.create(MapSpec.hash(4, 4, 4), Codecs.INT, Codecs.INT)) {
                    m.put(1, 1);
                }
            }
            case 1 -> {
                try (MmapArray<Long> a = MmapArray.create("", Codecs.LONG, 4)) {
                    a.set(1, 1L);
                }
            }
            case 2 -> {
                // failing creations must not leak either
                assertThrows(BpfException.class, () -> RawMap.create(MapSpec.of(MapType.ARRAY, 8, 4, 4)));
                assertThrows(IllegalArgumentException.class,
                        () -> BpfMap.create(MapSpec.hash(8, 4, 4), Codecs.INT, Codecs.INT));
            }
            case 3 -> {
                Path pin = dir.resolve("p" + i);
                try (RawMap m = RawMap.create(MapSpec.array(4, 1).withPinPath(pin))) {
                    assertTrue(m.pinnedPath().isPresent());
                    RawMap.openPinned(pin).close();
                } finally {
                    RawMap.unpin(pin);
                }
            }
            case 4 -> {
                try (MapOfMaps<Integer> m = MapOfMaps.create(MapSpec.arrayOfMaps(MapSpec.array(4, 1), 2), Codecs.INT)) {
                    m.id(0);
                }
            }
            default -> {
                try (QueueMap<Integer> q = QueueMap.create(MapType.QUEUE, "", Codecs.INT, 2)) {
                    q.push(1);
                }
            }
        }
    }
}
