package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random operation sequences on a real BPF hash map against a java.util.HashMap model. */
class ModelPropertyTest {
    private static final int MAX = 24;
    private static final int KEY_RANGE = 40; // more keys than capacity: the map fills up

    sealed interface Op {}

    record Put(int key, long value, UpdateFlag flag) implements Op {}

    record Delete(int key) implements Op {}

    record Get(int key) implements Op {}

    record PutAll(Map<Integer, Long> entries) implements Op {}

    record DeleteAll(List<Integer> keys) implements Op {}

    record Drain() implements Op {}

    record Clear() implements Op {}

    record Snapshot() implements Op {}

    @Property(tries = 150)
    void hashMapBehavesLikeAHashMap(@ForAll("ops") List<Op> ops, @ForAll boolean forceFallback) {
        Map<Integer, Long> model = new HashMap<>();
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.hash(4, 8, MAX), Codecs.INT, Codecs.LONG)) {
            map.raw().forceBatchFallback(forceFallback);
            for (Op op : ops) {
                apply(map, model, op);
            }
            assertEquals(model, map.lookupAll());
        }
    }

    private static void apply(BpfMap<Integer, Long> map, Map<Integer, Long> model, Op op) {
        switch (op) {
            case Put p -> {
                boolean present = model.containsKey(p.key());
                boolean allowed = switch (p.flag()) {
                    case ANY -> true;
                    case NO_EXIST -> !present;
                    case EXIST -> present;
                };
                if (allowed && !present && model.size() == MAX) {
                    assertThrows(MapFullException.class, () -> map.put(p.key(), p.value(), p.flag()), op.toString());
                    return;
                }
                assertEquals(allowed, map.put(p.key(), p.value(), p.flag()), op.toString());
                if (allowed) {
                    model.put(p.key(), p.value());
                }
            }
            case Delete d -> assertEquals(model.remove(d.key()) != null, map.delete(d.key()), op.toString());
            case Get g -> assertEquals(Optional.ofNullable(model.get(g.key())), map.get(g.key()), op.toString());
            case PutAll pa -> {
                Set<Integer> after = new HashSet<>(model.keySet());
                after.addAll(pa.entries().keySet());
                if (after.size() > MAX) {
                    return; // would fill the map part way: covered by Put
                }
                assertEquals(pa.entries().size(), map.updateAll(pa.entries()));
                model.putAll(pa.entries());
            }
            case DeleteAll da -> {
                Set<Integer> distinct = new HashSet<>(da.keys());
                int present = 0;
                for (int k : distinct) {
                    if (model.remove(k) != null) {
                        present++;
                    }
                }
                assertEquals(present, map.deleteAll(distinct), op.toString());
            }
            case Drain dr -> {
                assertEquals(model, map.lookupAndDeleteAll());
                model.clear();
            }
            case Clear c -> {
                assertEquals(model.size(), map.clear());
                model.clear();
            }
            case Snapshot s -> {
                assertEquals(model, map.lookupAll());
                Set<Integer> keys = new HashSet<>();
                map.keys().forEach(keys::add);
                assertEquals(model.keySet(), keys);
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEY_RANGE - 1);
        Arbitrary<Long> values = Arbitraries.longs();
        Arbitrary<Op> put = Combinators.combine(keys, values, Arbitraries.of(UpdateFlag.class)).as(Put::new);
        Arbitrary<Op> delete = keys.map(Delete::new);
        Arbitrary<Op> get = keys.map(Get::new);
        Arbitrary<Op> putAll = Arbitraries.maps(keys, values).ofMaxSize(10).map(PutAll::new);
        Arbitrary<Op> deleteAll = keys.list().ofMaxSize(10).map(DeleteAll::new);
        Arbitrary<Op> rare = Arbitraries.of(new Drain(), new Clear(), new Snapshot());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, put), net.jqwik.api.Tuple.of(4, delete), net.jqwik.api.Tuple.of(4, get),
                net.jqwik.api.Tuple.of(2, putAll), net.jqwik.api.Tuple.of(2, deleteAll), net.jqwik.api.Tuple.of(1, rare))
                .list().ofMaxSize(60);
    }

    /** The same for an array map against a plain array model (no LRU, nothing evicted). */
    @Property(tries = 100)
    void arrayMapBehavesLikeAnArray(@ForAll("arrayOps") List<long[]> ops, @ForAll boolean forceFallback) {
        int size = 16;
        long[] model = new long[size];
        try (BpfMap<Integer, Long> map = BpfMap.create(MapSpec.array(8, size), Codecs.INT, Codecs.LONG)) {
            map.raw().forceBatchFallback(forceFallback);
            for (long[] op : ops) {
                int index = (int) op[1];
                switch ((int) op[0]) {
                    case 0 -> {
                        if (index >= size) {
                            assertThrows(IndexOutOfBoundsException.class, () -> map.put(index, op[2]));
                        } else {
                            map.put(index, op[2]);
                            model[index] = op[2];
                        }
                    }
                    case 1 -> assertEquals(index < size ? Optional.of(model[index]) : Optional.empty(), map.get(index));
                    case 2 -> {
                        map.clear();
                        java.util.Arrays.fill(model, 0);
                    }
                    default -> {
                        Map<Integer, Long> all = new HashMap<>();
                        for (int i = 0; i < size; i++) {
                            all.put(i, model[i]);
                        }
                        assertEquals(all, map.lookupAll());
                    }
                }
            }
            List<Long> actual = new ArrayList<>();
            map.entries().forEach(e -> actual.add(e.getValue()));
            assertEquals(java.util.Arrays.stream(model).boxed().toList(), actual);
        }
    }

    @Provide
    Arbitrary<List<long[]>> arrayOps() {
        Arbitrary<long[]> op = Combinators.combine(
                Arbitraries.frequency(net.jqwik.api.Tuple.of(10, 0L), net.jqwik.api.Tuple.of(6, 1L),
                        net.jqwik.api.Tuple.of(1, 2L), net.jqwik.api.Tuple.of(2, 3L)),
                Arbitraries.longs().between(0, 18), Arbitraries.longs()).as((a, b, c) -> new long[] {a, b, c});
        return op.list().ofMaxSize(50);
    }
}
