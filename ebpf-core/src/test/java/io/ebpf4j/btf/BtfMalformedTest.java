package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input gives a clean {@link BpfException}, never a crash; lifecycle misuse fails cleanly. */
class BtfMalformedTest {

    private static Path write(String name, byte[] data) throws Exception {
        Files.createDirectories(BtfTestSupport.WORK);
        Path p = BtfTestSupport.WORK.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void missingFileDirectoryAndEmptyFile() throws Exception {
        BpfException missing = assertThrows(BpfException.class, () -> Btf.fromFile(Path.of("/nonexistent/x.btf")));
        assertEquals(2, missing.errnoNumber());
        assertTrue(missing.getMessage().contains("/nonexistent/x.btf"), missing.getMessage());
        assertThrows(BpfException.class, () -> Btf.fromFile(Path.of("/tmp")));
        BpfException empty = assertThrows(BpfException.class, () -> Btf.fromFile(write("empty.btf", new byte[0])));
        assertTrue(empty.getMessage().contains("shorter than a BTF header"), empty.getMessage());
    }

    @Test
    void garbageFilesAndBytes() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0x12; // neither ELF nor BTF magic
        BpfException e = assertThrows(BpfException.class, () -> Btf.fromFile(write("garbage.bin", garbage)));
        assertTrue(e.getMessage().contains("neither an ELF object nor a raw BTF file"), e.getMessage());
        assertThrows(BpfException.class, () -> Btf.fromBytes(garbage));
        assertThrows(BpfException.class, () -> Btf.fromBytes(new byte[0]));
        assertThrows(BpfException.class, () -> Btf.fromBytes("hello".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void truncatedRawBtf() throws Exception {
        byte[] vmlinux = Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
        for (int len : new int[] {2, 23, 24, 100, vmlinux.length / 2, vmlinux.length - 1}) {
            byte[] cut = Arrays.copyOf(vmlinux, len);
            BpfException fromFile = assertThrows(BpfException.class, () -> Btf.fromFile(write("cut.btf", cut)), "length " + len);
            assertTrue(fromFile.getMessage().contains("truncated") || fromFile.getMessage().contains("shorter"),
                    fromFile.getMessage());
            assertThrows(BpfException.class, () -> Btf.fromBytes(cut), "length " + len);
        }
    }

    @Test
    void headersThatLieAboutSizes() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(0x7fff_fff0).putInt(0).putInt(8);
        BpfException e = assertThrows(BpfException.class, () -> Btf.fromBytes(b.array()));
        assertTrue(e.getMessage().contains("type section"), e.getMessage());
        b.putInt(4, 0xffff_ffff); // header length
        assertThrows(BpfException.class, () -> Btf.fromBytes(b.array()));
        b.putInt(4, 24).put(2, (byte) 2); // version 2
        assertTrue(assertThrows(BpfException.class, () -> Btf.fromBytes(b.array())).getMessage().contains("version"));
    }

    @Test
    void anUnknownKindIsRefusedByLibbpf() {
        // header + one type of kind 31 + strings "\0"
        ByteBuffer b = ByteBuffer.allocate(24 + 12 + 1).order(ByteOrder.nativeOrder());
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(12).putInt(12).putInt(1);
        b.putInt(0).putInt(31 << 24).putInt(4).put((byte) 0);
        assertThrows(BpfException.class, () -> Btf.fromBytes(b.array()));
    }

    /** 24 levels of anonymous structs, each holding the next one twice: 2^24 paths through the members. */
    static byte[] exponentialNesting() {
        byte[] strings = "\0int\0x\0y\0outer\0".getBytes(StandardCharsets.US_ASCII);
        int levels = 24;
        int typeLen = 16 + levels * (12 + 24) + (12 + 12);
        ByteBuffer b = ByteBuffer.allocate(24 + typeLen + strings.length).order(ByteOrder.nativeOrder());
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(typeLen).putInt(typeLen)
                .putInt(strings.length);
        b.putInt(1).putInt(1 << 24).putInt(4).putInt((1 << 24) | 32); // [1] INT int, signed, 32 bits
        for (int level = 0; level < levels; level++) { // [2..levels + 1] anonymous structs
            int id = 2 + level;
            b.putInt(0).putInt((4 << 24) | 2).putInt(8);
            if (level == levels - 1) {
                b.putInt(5).putInt(1).putInt(0).putInt(7).putInt(1).putInt(32);
            } else {
                b.putInt(0).putInt(id + 1).putInt(0).putInt(0).putInt(id + 1).putInt(0);
            }
        }
        b.putInt(9).putInt((4 << 24) | 1).putInt(8).putInt(0).putInt(2).putInt(0); // [levels + 2] struct outer
        b.put(strings);
        return b.array();
    }

    @Test
    void exponentiallyNestedAnonymousMembersAreRefusedNotWalked() {
        try (Btf btf = Btf.fromBytes(exponentialNesting())) {
            BtfType outer = btf.find("outer", BtfKind.STRUCT).orElseThrow();
            assertEquals(4, btf.alignOf(outer), "alignments are memoised");
            assertEquals(8, btf.sizeOf(outer));
            assertTrue(btf.member(outer, "x").isPresent(), "the first path finds x");
            assertTrue(btf.member(outer, "nope").isEmpty(), "the search gives up within its budget");
            assertThrows(BpfException.class, () -> btf.shape(outer));
            assertThrows(BpfException.class, () -> CPrinter.of(btf).print(outer));
        }
    }

    @Test
    void truncatedElfObjects() throws Exception {
        assumeTrue(BtfTestSupport.hasClang(), "clang is not installed");
        byte[] obj = Files.readAllBytes(BtfTestSupport.sampleObject(true));
        for (int len : new int[] {4, 16, 63, 64, 200, obj.length / 2, obj.length - 1}) {
            Path p = write("cut.o", Arrays.copyOf(obj, len));
            BpfException e = assertThrows(BpfException.class, () -> Btf.fromFile(p), "length " + len);
            assertTrue(e.getMessage().contains("ELF"), e.getMessage());
        }
        byte[] badShoff = obj.clone();
        ByteBuffer.wrap(badShoff).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, Long.MAX_VALUE / 2);
        assertThrows(BpfException.class, () -> Btf.fromFile(write("badshoff.o", badShoff)));
    }

    @Test
    void closedBtfFailsCleanlyAndCloseIsIdempotent() {
        Btf btf = Btf.vmlinux();
        int id = btf.find("task_struct", BtfKind.STRUCT).orElseThrow().id();
        BtfType before = btf.type(id);
        btf.close();
        btf.close();
        assertTrue(btf.isClosed());
        assertThrows(BpfException.class, () -> btf.type(id + 1));
        assertThrows(BpfException.class, () -> btf.find("task_struct", BtfKind.STRUCT));
        assertThrows(BpfException.class, btf::rawBytes);
        assertEquals(before, btf.type(id), "already decoded types stay readable as plain data");
    }

    @Test
    void moduleErrors() {
        BpfException missing = assertThrows(BpfException.class, () -> Btf.module("ebpf4j_no_such_module"));
        assertEquals(2, missing.errnoNumber());
        assertTrue(missing.getMessage().contains("modprobe"), missing.getMessage());
        assertEquals(22, assertThrows(BpfException.class, () -> Btf.module("../etc/passwd")).errnoNumber());
        assertEquals(22, assertThrows(BpfException.class, () -> Btf.module("vmlinux")).errnoNumber());
        assertEquals(22, assertThrows(BpfException.class, () -> Btf.module("")).errnoNumber());
    }

    @Test
    void splitBtfFromBytesSeesItsBaseAndClosesWithIt() throws Exception {
        Btf base = Btf.vmlinux();
        try {
            int splitId = base.typeCount();
            Btf split = Btf.fromBytes(BtfTestSupport.splitBytes(base), base);
            assertEquals(splitId, split.firstOwnId());
            assertEquals(splitId + 2, split.typeCount());
            BtfType.Typedef t = split.type(splitId, BtfType.Typedef.class);
            assertEquals("ebpf4j_split_t", t.name());
            assertEquals(base.type(1), split.type(t.target()));
            assertEquals(t, split.find("ebpf4j_split_t", BtfKind.TYPEDEF).orElseThrow());
            assertEquals(base.sizeOf(base.type(1)), split.sizeOf(t));
            assertEquals(CPrinter.of(split).typeName(1) + " *", CPrinter.of(split).typeName(splitId + 1).replace("ebpf4j_split_t", CPrinter.of(split).typeName(1)));
            assertInstanceOf(BtfType.Ptr.class, split.type(splitId + 1));
            base.close();
            assertTrue(split.isClosed(), "closing the base closes split BTF built on it");
        } finally {
            base.close();
        }
    }
}
