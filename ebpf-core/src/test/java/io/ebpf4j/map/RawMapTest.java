package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class RawMapTest {

    @Test
    void createdMapReportsItsInfo() {
        String name = MapTesting.name("info");
        try (RawMap map = RawMap.create(MapSpec.hash(4, 8, 64).withName(name).withFlags(MapFlag.NO_PREALLOC))) {
            MapInfo info = map.info();
            assertEquals(name, info.name());
            assertEquals(MapType.HASH, info.type());
            assertEquals(4, info.keySize());
            assertEquals(8, info.valueSize());
            assertEquals(64, info.maxEntries());
            assertEquals(MapFlag.NO_PREALLOC.bit(), info.flags());
            assertTrue(info.id() > 0);
            assertEquals(info, MapInfo.read(map.fd()), "re-reading gives the same info");
            MapSpec back = MapSpec.from(info);
            assertTrue(back.incompatibility(info).isEmpty(), back.toString());
            assertEquals("map '" + name + "' (id " + info.id() + ") differs from spec '" + name
                    + "': max_entries 64 != 65", back.withMaxEntries(65).incompatibility(info).orElseThrow());
        }
    }

    @Test
    void elementOperationsOnSegments() {
        try (RawMap map = RawMap.create(MapSpec.hash(4, 8, 16)); Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocate(4);
            MemorySegment v = arena.allocate(8);
            k.set(ValueLayout.JAVA_INT, 0, 7);
            assertFalse(map.lookup(k, v), "absent key is false, not an exception");
            v.set(ValueLayout.JAVA_LONG, 0, 99L);
            assertTrue(map.update(k, v, UpdateFlag.NO_EXIST));
            assertFalse(map.update(k, v, UpdateFlag.NO_EXIST), "NO_EXIST on a present key");
            v.fill((byte) 0);
            assertTrue(map.lookup(k, v));
            assertEquals(99L, v.get(ValueLayout.JAVA_LONG, 0));
            MemorySegment next = arena.allocate(4);
            assertTrue(map.nextKey(null, next));
            assertEquals(7, next.get(ValueLayout.JAVA_INT, 0));
            assertFalse(map.nextKey(next, next), "only one key");
            assertTrue(map.lookup(k, v, 0L), "lookup with (no) flags");
            assertTrue(map.lookupAndDelete(k, v));
            assertFalse(map.delete(k));
            assertFalse(map.update(k, v, UpdateFlag.EXIST), "EXIST on an absent key");
        }
    }

    @Test
    void wrongSizesAreRefusedBeforeAnyNativeCall() {
        try (RawMap map = RawMap.create(MapSpec.hash(8, 8, 4)); Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(4);
            MemorySegment ok = arena.allocate(8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map.lookup(small, ok));
            assertTrue(e.getMessage().contains("key segment has 4 bytes; the map needs 8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> map.update(ok, small, UpdateFlag.ANY));
            assertTrue(e.getMessage().contains("value segment has 4 bytes"), e.getMessage());
            MemorySegment heap = MemorySegment.ofArray(new byte[8]);
            e = assertThrows(IllegalArgumentException.class, () -> map.lookup(heap, ok));
            assertTrue(e.getMessage().contains("native memory"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> map.delete(MemorySegment.NULL));
            assertThrows(IllegalArgumentException.class,
                    () -> map.updateBatch(ok, ok, 2, UpdateFlag.ANY), "2 keys need 16 bytes");
        }
    }

    @Test
    void aFullMapRaisesMapFullException() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.hash(4, 4, 2), Codecs.INT, Codecs.INT)) {
            map.put(1, 1);
            map.put(2, 2);
            MapFullException e = assertThrows(MapFullException.class, () -> map.put(3, 3));
            assertTrue(e.getMessage().contains("max_entries 2"), e.getMessage());
            map.put(2, 20); // replacing is fine when full
            assertEquals(20, map.get(2).orElseThrow());
        }
    }

    @Test
    void aClosedMapFailsCleanly() {
        RawMap map = RawMap.create(MapSpec.array(4, 4));
        map.close();
        map.close(); // idempotent
        assertTrue(map.isClosed());
        try (Arena arena = Arena.ofConfined()) {
            BpfException e = assertThrows(BpfException.class, () -> map.lookup(arena.allocate(4), arena.allocate(4)));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void aBorrowedFdIsLeftToItsOwner() {
        try (RawMap owner = RawMap.create(MapSpec.array(4, 4))) {
            int dup = LibC.dupCloexec(owner.fd());
            assertTrue(dup >= 0);
            try (Fd owned = Fd.owned(dup, "dup")) {
                RawMap view = RawMap.wrap(dup);
                assertEquals(owner.info().id(), view.info().id());
                view.close();
                assertTrue(view.isClosed());
                // the descriptor itself is still open: the owner can still use it
                assertEquals(owner.info(), MapInfo.read(owned.get()));
            }
        }
    }

    @Test
    void frozenMapsRefuseSyscallWrites() {
        try (BpfMap<Integer, Integer> map = BpfMap.create(MapSpec.array(4, 2), Codecs.INT, Codecs.INT)) {
            map.put(0, 5);
            map.raw().freeze();
            BpfException e = assertThrows(BpfException.class, () -> map.put(0, 6));
            assertEquals(Errno.EPERM.number(), e.errnoNumber());
            assertEquals(5, map.get(0).orElseThrow());
        }
    }

    @Test
    void invalidSpecsAreRefusedInJava() {
        assertThrows(IllegalArgumentException.class, () -> MapSpec.hash(4, 4, 1).withName("a name with spaces"));
        assertThrows(IllegalArgumentException.class, () -> MapSpec.hash(4, 4, 1).withName("much_too_long_a_name"));
        assertThrows(IllegalArgumentException.class, () -> MapSpec.of(MapType.ARRAY_OF_MAPS, 4, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MapSpec.hash(-1, 4, 1));
    }

    @Test
    void kernelRefusalsNameTheOperation() {
        // an array key must be 4 bytes: the kernel says EINVAL
        BpfException e = assertThrows(BpfException.class, () -> RawMap.create(MapSpec.of(MapType.ARRAY, 8, 4, 4)));
        assertEquals(Errno.EINVAL.number(), e.errnoNumber());
        assertTrue(e.getMessage().contains("bpf_map_create"), e.getMessage());
    }
}
