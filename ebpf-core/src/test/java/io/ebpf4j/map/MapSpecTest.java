package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.testkit.RequiresKernel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** MapSpec's checks, factories and comparison with a map's info; MapFlag's masks. */
class MapSpecTest {

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    /** The info the kernel would report for a hash map, with the fields under test given. */
    private static MapInfo info(String name, MapType type, int typeValue, int key, int value, int entries, int flags,
            long extra) {
        return new MapInfo(7, name, type, typeValue, key, value, entries, flags, 0, 0, 0, 0, 0, extra);
    }

    @Test
    void aBadNameOrSizeIsRefusedWithWhatWasWrong() {
        assertEquals("map name 'sixteen_chars_xx' must be at most 15 characters of A-Z a-z 0-9 _ .",
                refused(() -> MapSpec.hash(4, 4, 1).withName("sixteen_chars_xx")));
        assertEquals("map name 'a-b' must be at most 15 characters of A-Z a-z 0-9 _ .",
                refused(() -> MapSpec.hash(4, 4, 1).withName("a-b")));
        assertEquals("map 'm': negative size (key 4, value -1, max_entries 1)",
                refused(() -> MapSpec.hash(4, 4, 1).withName("m").withValueSize(-1)));
        assertEquals("map 'm': negative size (key 4, value 4, max_entries -3)",
                refused(() -> MapSpec.hash(4, 4, 1).withName("m").withMaxEntries(-3)));
        assertEquals("map 'outer' of type ARRAY_OF_MAPS needs an inner map spec",
                refused(() -> MapSpec.arrayOfMaps(MapSpec.array(4, 1), 2).withName("outer").withInnerMap(null)));
        assertEquals("map 'h' of type HASH cannot have an inner map",
                refused(() -> MapSpec.hash(4, 4, 1).withName("h").withInnerMap(MapSpec.array(4, 1))));
        assertEquals("LPM trie address size must be 4 (IPv4) or 16 (IPv6), not 6", refused(() -> MapSpec.lpmTrie(6, 4, 8)));
        assertEquals("not a queue or stack type: HASH", refused(() -> MapSpec.queue(MapType.HASH, 4, 8)));
        assertThrows(NullPointerException.class, () -> MapSpec.of(null, 4, 4, 1));
        assertEquals("", new MapSpec(null, MapType.ARRAY, 4, 4, 1, 0, null, null, 0).name(), "no name is the empty name");
    }

    @Test
    void factoriesFillInWhatTheKernelRequires() {
        MapSpec v4 = MapSpec.lpmTrie(4, 8, 100);
        assertEquals(MapType.LPM_TRIE, v4.type());
        assertEquals(8, v4.keySize(), "prefix length (4 bytes) + IPv4 address");
        assertEquals(Set.of(MapFlag.NO_PREALLOC), v4.flagSet(), "the kernel requires NO_PREALLOC for LPM tries");
        assertEquals(20, MapSpec.lpmTrie(16, 8, 100).keySize());
        MapSpec stack = MapSpec.queue(MapType.STACK, 16, 4);
        assertEquals(0, stack.keySize(), "queues and stacks have no key");
        assertEquals(MapType.STACK, stack.type());
        assertEquals(new MapSpec("", MapType.PROG_ARRAY, 4, 4, 3, 0, null, null, 0), MapSpec.progArray(3));
        assertEquals(MapFlag.MMAPABLE.bit(), MapSpec.mmapableArray(8, 2).flags());
        MapSpec hom = MapSpec.hashOfMaps(8, MapSpec.array(4, 1), 5);
        assertEquals(MapType.HASH_OF_MAPS, hom.type());
        assertEquals(8, hom.keySize());
        assertEquals(4, hom.valueSize(), "the value of a map-of-maps is a map fd");
        assertEquals(MapSpec.array(4, 1), hom.innerMap());
        assertTrue(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 1).isPerCpu());
        assertTrue(MapSpec.of(MapType.LRU_PERCPU_HASH, 4, 8, 1).isPerCpu());
        assertFalse(MapSpec.array(8, 1).isPerCpu());
    }

    @Test
    void withersChangeOneFieldOnly() {
        MapSpec base = MapSpec.hash(4, 8, 16).withName("base").withFlags(MapFlag.NO_PREALLOC).withMapExtra(3)
                .withPinPath(Path.of("/sys/fs/bpf/x"));
        MapSpec lru = base.withType(MapType.LRU_HASH).withKeySize(16).withFlagMask(0);
        assertEquals(new MapSpec("base", MapType.LRU_HASH, 16, 8, 16, 0, null, Path.of("/sys/fs/bpf/x"), 3), lru);
        assertEquals(MapFlag.NO_PREALLOC.bit() | MapFlag.ZERO_SEED.bit(), base.withFlags(MapFlag.ZERO_SEED).flags(),
                "withFlags adds to the flags already set");
        assertEquals(Set.of(MapFlag.NO_PREALLOC, MapFlag.ZERO_SEED), base.withFlags(MapFlag.ZERO_SEED).flagSet());
    }

    @Test
    void incompatibilityNamesEveryFieldThatDiffers() {
        MapSpec spec = MapSpec.hash(4, 8, 64).withName("want");
        MapInfo same = info("have", MapType.HASH, MapType.HASH.value(), 4, 8, 64, 0, 0);
        assertEquals(Optional.empty(), spec.incompatibility(same));
        spec.checkCompatible(same);

        MapInfo other = info("have", MapType.ARRAY, MapType.ARRAY.value(), 8, 16, 32, MapFlag.NO_PREALLOC.bit(), 5);
        String why = "map 'have' (id 7) differs from spec 'want': type ARRAY != HASH, key size 8 != 4, value size 16 != 8, "
                + "max_entries 32 != 64, flags 0x1 != 0x0, map_extra 5 != 0";
        assertEquals(Optional.of(why), spec.incompatibility(other));
        assertEquals(why, assertThrows(IllegalStateException.class, () -> spec.checkCompatible(other)).getMessage());
    }

    @Test
    void aSpecIsReadBackFromInfoExceptWhereInfoCannotSayIt() {
        MapInfo known = info("back", MapType.LRU_HASH, MapType.LRU_HASH.value(), 4, 8, 64, MapFlag.NO_COMMON_LRU.bit(), 0);
        MapSpec back = MapSpec.from(known);
        assertEquals(new MapSpec("back", MapType.LRU_HASH, 4, 8, 64, MapFlag.NO_COMMON_LRU.bit(), null, null, 0), back);
        assertTrue(back.incompatibility(known).isEmpty());
        assertEquals("map type 999 of future is unknown to this library",
                refused(() -> MapSpec.from(info("future", MapType.UNSPEC, 999, 4, 4, 1, 0, 0))));
    }

    @Test
    @RequiresKernel(mapTypes = MapType.ARRAY_OF_MAPS)
    void theInnerMapOfAKernelMapOfMapsCannotBeReadBack() {
        String name = MapTesting.name("aom");
        try (RawMap outer = RawMap.create(MapSpec.arrayOfMaps(MapSpec.array(4, 1), 2).withName(name))) {
            assertEquals(MapType.ARRAY_OF_MAPS, outer.info().type());
            assertEquals("the inner map spec of " + name + " cannot be read back", refused(() -> MapSpec.from(outer.info())));
        }
    }

    @Property
    void aFlagSetSurvivesItsMask(@ForAll Set<MapFlag> flags) {
        EnumSet<MapFlag> expected = flags.isEmpty() ? EnumSet.noneOf(MapFlag.class) : EnumSet.copyOf(flags);
        assertEquals(expected, MapFlag.of(MapFlag.mask(flags)));
    }

    @Property
    void unknownBitsOfAMaskAreDropped(@ForAll int mask) {
        int known = MapFlag.mask(EnumSet.allOf(MapFlag.class));
        assertEquals(mask & known, MapFlag.mask(MapFlag.of(mask)));
    }
}
