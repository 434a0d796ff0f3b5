package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.FixedSize;
import io.ebpf4j.testutil.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Global variables set through the spec reach the kernel: the fixture's program copies every global
 * into a map, read back through a record view whose layout is checked against the map's BTF.
 */
class GlobalsTest {
    record KnobStruct(int id, short weight, byte flags, long limit, int tag) {}

    record Snapshot(byte knobU8, int knobU32, long knobU64, @FixedSize(16) byte[] knobName, KnobStruct knobStruct,
                    int dataU32, long dataU64, @FixedSize(8) byte[] dataBytes, long bssU64, long bssRuns) {}

    /** Same size, fields swapped: must be refused at map open. */
    record Swapped(int knobU32, byte knobU8, long knobU64, @FixedSize(16) byte[] knobName, KnobStruct knobStruct,
                   int dataU32, long dataU64, @FixedSize(8) byte[] dataBytes, long bssU64, long bssRuns) {}

    @Test
    void variablesAreListedWithTheirSectionsOffsetsAndTypes() {
        Globals g = Fixtures.open("globals").globals();
        VariableSpec u32 = g.variable("knob_u32");
        assertEquals(".rodata", u32.section());
        assertEquals(4, u32.offset());
        assertEquals(4, u32.size());
        assertEquals(VariableSpec.Kind.INTEGER, u32.kind());
        assertTrue(u32.readOnlyAfterLoad());
        assertEquals(VariableSpec.Kind.CHARS, g.variable("knob_name").kind());
        assertEquals(VariableSpec.Kind.BYTES, g.variable("knob_struct").kind());
        assertEquals(".data", g.variable("data_u64").section());
        assertEquals(".bss", g.variable("bss_runs").section());
        assertEquals(0x22334455L, g.getLong("knob_u32"));
        assertEquals("ebpf4j", g.getString("knob_name"));
        assertEquals(0xdeadbeefL, g.getLong("data_u32"));
    }

    @Test
    void wrongNamesSizesAndRangesAreRefusedWithTheReason() {
        Globals g = Fixtures.open("globals").globals();
        assertTrue(assertThrows(BpfException.class, () -> g.set("nope", 1)).getMessage().contains("knob_u32"));
        assertTrue(assertThrows(BpfException.class, () -> g.set("knob_u8", 256)).getMessage().contains("0 to 255"));
        assertTrue(assertThrows(BpfException.class, () -> g.set("knob_u32", -1)).getMessage().contains("does not fit"));
        assertTrue(assertThrows(BpfException.class, () -> g.set("knob_name", "a string longer than sixteen"))
                .getMessage().contains("holds 16"));
        assertTrue(assertThrows(BpfException.class, () -> g.set("knob_struct", new byte[8])).getMessage().contains("24 bytes"));
        assertTrue(assertThrows(BpfException.class, () -> g.set("knob_struct", 5)).getMessage().contains("not an integer"));
    }

    @Test
    @RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP)
    void valuesSetBeforeLoadAreWhatTheProgramSees() {
        ObjectSpec spec = Fixtures.open("globals");
        ByteBuffer knob = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        knob.putInt(0, 99).putShort(4, (short) -7).put(6, (byte) 0x33).putLong(8, 123_456_789L).putInt(16, 0xfeed);
        spec.globals().set("knob_u8", 0xAB).set("knob_u32", 4_000_000_000L).set("knob_u64", -2L)
                .set("knob_name", "mesh-node-7").set("knob_struct", knob.array())
                .set("data_u32", 17).set("data_bytes", "live").set("bss_u64", 5);
        try (BpfObject obj = spec.load()) {
            obj.program("globals_snapshot").testRun(new byte[64], 1);
            BpfMap<Integer, Snapshot> snapshot = obj.map("snapshot", Codecs.INT, Codecs.record(Snapshot.class));
            Snapshot s = snapshot.get(0).orElseThrow();
            assertEquals((byte) 0xAB, s.knobU8());
            assertEquals((int) 4_000_000_000L, s.knobU32());
            assertEquals(-2L, s.knobU64());
            assertEquals("mesh-node-7", cString(s.knobName()));
            assertEquals(new KnobStruct(99, (short) -7, (byte) 0x33, 123_456_789L, 0xfeed), s.knobStruct());
            assertEquals(17, s.dataU32());
            assertEquals(42L, s.dataU64(), "untouched .data keeps its initial value");
            assertEquals("live", cString(s.dataBytes()));
            assertEquals(5L, s.bssU64());
            assertEquals(0L, s.bssRuns());

            BpfException e = assertThrows(BpfException.class,
                    () -> obj.map("snapshot", Codecs.INT, Codecs.record(Swapped.class)));
            assertTrue(e.getMessage().contains("knob_u8") && e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Test
    void aCopyOfTheSpecHasItsOwnValues() {
        ObjectSpec a = Fixtures.open("globals");
        ObjectSpec b = a.copy();
        a.globals().set("knob_u32", 1);
        assertEquals(1L, a.globals().getLong("knob_u32"));
        assertEquals(0x22334455L, b.globals().getLong("knob_u32"));
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n);
    }
}
