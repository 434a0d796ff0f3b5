package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MapType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchTest {

    private static Map<Integer, Long> sample(int n) {
        Map<Integer, Long> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i * 7 + 1, (long) i * 1_000_003L);
        }
        return m;
    }

    @ParameterizedTest(name = "forced fallback: {0}")
    @ValueSource(booleans = {false, true})
    void hashMapBatchOperations(boolean fallback) {
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.hash(4, 8, 2000), Codecs.INT, Codecs.LONG)) {
            map.raw().forceBatchFallback(fallback);
            Map<Integer, Long> data = sample(1000); // more than one chunk
            assertEquals(1000, map.updateAll(data));
            assertEquals(data, map.lookupAll());
            assertEquals(data, map.toMap());

            List<Integer> remove = new ArrayList<>();
            for (int k : data.keySet()) {
                if (k % 3 == 0) {
                    remove.add(k);
                }
            }
            remove.add(-5); // absent keys are skipped, not fatal
            remove.add(-6);
            assertEquals(remove.size() - 2, map.deleteAll(remove));
            remove.forEach(data::remove);
            assertEquals(data, map.lookupAll());

            assertEquals(data, map.lookupAndDeleteAll());
            assertTrue(map.lookupAll().isEmpty());
            assertEquals(!fallback, map.raw().batchSupported(BatchOp.LOOKUP), "kernel 5.6+ has batch ops for hash maps");
        }
    }

    @ParameterizedTest(name = "forced fallback: {0}")
    @ValueSource(booleans = {false, true})
    void perCpuHashBatchOperations(boolean fallback) {
        MapSpec spec = MapSpec.of(MapType.PERCPU_HASH, 4, 4, 600);
        try (PerCpuMap<Integer, Integer> map = PerCpuMap.createPerCpu(spec, Codecs.INT, Codecs.INT)) {
            map.raw().forceBatchFallback(fallback);
            Map<Integer, List<Integer>> data = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                List<Integer> perCpu = new ArrayList<>();
                for (int c = 0; c < map.cpus(); c++) {
                    perCpu.add(i * 10 + c);
                }
                data.put(i, perCpu);
            }
            assertEquals(500, map.updateAll(data));
            assertEquals(data, map.lookupAll());
        }
    }

    @ParameterizedTest(name = "forced fallback: {0}")
    @ValueSource(booleans = {false, true})
    void arrayBatchLookupAndUpdate(boolean fallback) {
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.array(8, 300), Codecs.INT, Codecs.LONG)) {
            map.raw().forceBatchFallback(fallback);
            Map<Integer, Long> data = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                data.put(i, (long) -i);
            }
            assertEquals(300, map.updateAll(data));
            assertEquals(data, map.lookupAll());
        }
    }

    @ParameterizedTest(name = "flag refusals, forced fallback: {0}")
    @ValueSource(booleans = {false, true})
    void updateAllWithNoExistFailsOnAPresentKey(boolean fallback) {
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.hash(4, 8, 16), Codecs.INT, Codecs.LONG)) {
            map.raw().forceBatchFallback(fallback);
            map.put(2, 2L);
            Map<Integer, Long> data = new java.util.LinkedHashMap<>();
            data.put(1, 1L);
            data.put(2, 20L);
            BpfException e = assertThrows(BpfException.class, () -> map.updateAll(data, UpdateFlag.NO_EXIST));
            assertEquals(Errno.EEXIST.number(), e.errnoNumber());
            assertEquals(2L, map.get(2).orElseThrow(), "the present key kept its value");
        }
    }

    @org.junit.jupiter.api.Test
    void aRefusedBatchOperationIsRememberedPerOperation() {
        // Arrays have batch lookup but no batch lookup-and-delete: the refusal is remembered for that
        // operation only, and the per-key fallback then meets the array's own refusal to delete.
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.array(4, 8), Codecs.INT, Codecs.INT)) {
            map.put(1, 1);
            BpfException e = assertThrows(BpfException.class, map::lookupAndDeleteAll);
            assertEquals(Errno.EINVAL.number(), e.errnoNumber(), e.getMessage());
            assertFalse(map.raw().batchSupported(BatchOp.LOOKUP_AND_DELETE), "lookup-and-delete batch remembered as missing");
            assertTrue(map.raw().batchSupported(BatchOp.LOOKUP), "lookup batch still used");
            assertEquals(8, map.lookupAll().size());
        }
    }

    @org.junit.jupiter.api.Test
    void rawBatchCallsReportWhatTheKernelDid() {
        try (RawMap map = RawMap.create(MapSpec.hash(4, 8, 16)); Arena arena = Arena.ofConfined()) {
            MemorySegment keys = arena.allocate(4L * 16, 8);
            MemorySegment values = arena.allocate(8L * 16, 8);
            for (int i = 0; i < 4; i++) {
                keys.setAtIndex(ValueLayout.JAVA_INT, i, i + 1);
                values.setAtIndex(ValueLayout.JAVA_LONG, i, 100L * (i + 1));
            }
            assertEquals(4, map.updateBatch(keys, values, 4, UpdateFlag.ANY));
            assertEquals(Map.of(1, 100L, 2, 200L, 3, 300L, 4, 400L), readAll(map, keys, values, false));

            keys.setAtIndex(ValueLayout.JAVA_INT, 0, 1);
            keys.setAtIndex(ValueLayout.JAVA_INT, 1, 99); // absent: the kernel stops here
            keys.setAtIndex(ValueLayout.JAVA_INT, 2, 3);
            assertEquals(new BatchResult(1, true), map.deleteBatch(keys, 3));
            keys.setAtIndex(ValueLayout.JAVA_INT, 0, 3);
            assertEquals(new BatchResult(1, false), map.deleteBatch(keys, 1));

            assertEquals(Map.of(2, 200L, 4, 400L), readAll(map, keys, values, true), "lookup-and-delete reads the rest");
            assertTrue(readAll(map, keys, values, false).isEmpty(), "and deletes it");
            for (BatchOp op : BatchOp.values()) {
                assertTrue(map.batchSupported(op), op + " works on hash maps (5.6+)");
            }
            map.forceBatchFallback(true);
            for (BatchOp op : BatchOp.values()) {
                assertFalse(map.batchSupported(op), op + " reported missing when forced off");
            }
        }
    }

    private static Map<Integer, Long> readAll(RawMap map, MemorySegment keys, MemorySegment values, boolean delete) {
        Map<Integer, Long> out = new HashMap<>();
        BatchCursor cursor = map.newBatchCursor();
        while (!cursor.isDone()) {
            int n = delete ? map.lookupAndDeleteBatch(cursor, keys, values, 16) : map.lookupBatch(cursor, keys, values, 16);
            for (int i = 0; i < n; i++) {
                out.put(keys.getAtIndex(ValueLayout.JAVA_INT, i), values.getAtIndex(ValueLayout.JAVA_LONG, i));
            }
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void lpmTrieBatchWorksEitherWay() {
        try (LpmTrie<Integer> trie = LpmTrie.create(MapTesting.name("lpmbatch"), 4, Codecs.INT, 16)) {
            Map<Cidr, Integer> data = Map.of(Cidr.parse("10.0.0.0/8"), 1, Cidr.parse("10.1.0.0/16"), 2);
            assertEquals(2, trie.updateAll(data));
            assertEquals(data, trie.lookupAll());
            assertEquals(2, trie.deleteAll(data.keySet()));
            assertTrue(trie.lookupAll().isEmpty());
        }
    }
}
