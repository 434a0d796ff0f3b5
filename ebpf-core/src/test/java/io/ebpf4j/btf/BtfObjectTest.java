package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.btf.BorrowedBtf;
import io.ebpf4j.internal.libbpf.NativeObject;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BTF of a BPF object compiled by clang in the test, checked against what clang and the ELF symbols say. */
class BtfObjectTest {
    private static final Pattern SYMBOL = Pattern.compile("^([0-9a-f]+)\\s.*\\sO\\s+(\\S+)\\s+([0-9a-f]+)\\s+(\\S+)$");

    @BeforeAll
    static void needsClang() {
        assumeTrue(BtfTestSupport.hasClang(), "clang is not installed");
    }

    @Test
    void structLayoutMatchesWhatTheCompilerComputes() throws Exception {
        try (Btf btf = Btf.fromFile(BtfTestSupport.sampleObject(true))) {
            for (String struct : List.of("btf_sample", "btf_key")) {
                StructShape shape = btf.shape(btf.find(struct, BtfKind.STRUCT).orElseThrow());
                Map<String, long[]> probe = hostLayout(struct, shape);
                assertEquals(probe.get("")[0], shape.size(), struct + " size");
                for (StructShape.Field f : shape.fields()) {
                    if (f.isBitfield()) {
                        continue;
                    }
                    long[] expected = probe.get(f.name());
                    assertEquals(expected[0], f.offset(), struct + "." + f.name() + " offset");
                    assertEquals(expected[1], f.size(), struct + "." + f.name() + " size");
                }
            }
        }
    }

    /** Compiles and runs a host program printing offsetof/sizeof of each non-bitfield field of {@code struct}. */
    private static Map<String, long[]> hostLayout(String struct, StructShape shape) throws Exception {
        String body = shape.fields().stream().filter(f -> !f.isBitfield())
                .map(f -> "\tprintf(\"%s %zu %zu\\n\", \"" + f.name() + "\", offsetof(struct " + struct + ", " + f.name()
                        + "), sizeof(((struct " + struct + " *)0)->" + f.name() + "));")
                .collect(Collectors.joining("\n"));
        String src = "#include <stddef.h>\n#include <stdio.h>\n#include \"btf_sample.h\"\nint main(void) {\n" + body
                + "\n\tprintf(\"= %zu 0\\n\", sizeof(struct " + struct + "));\n\treturn 0;\n}\n";
        BtfTestSupport.resource("btf_sample.h");
        Path c = BtfTestSupport.WORK.resolve("probe_" + struct + ".c");
        Path exe = BtfTestSupport.WORK.resolve("probe_" + struct);
        Files.writeString(c, src);
        BtfTestSupport.Result cc = BtfTestSupport.run(List.of("clang", "-o", exe.toString(), c.toString()), null);
        assertEquals(0, cc.exitCode(), cc.output());
        BtfTestSupport.Result run = BtfTestSupport.run(List.of(exe.toAbsolutePath().toString()), null);
        assertEquals(0, run.exitCode(), run.output());
        Map<String, long[]> out = new HashMap<>();
        for (String line : run.output().split("\n")) {
            String[] p = line.trim().split(" ");
            out.put(p[0].equals("=") ? "" : p[0], new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
        }
        return out;
    }

    @Test
    void bitfieldsAnonymousMembersAndMemberLookup() throws Exception {
        try (Btf btf = Btf.fromFile(BtfTestSupport.sampleObject(true))) {
            BtfType sample = btf.find("btf_sample_t", BtfKind.TYPEDEF).orElseThrow();
            ResolvedMember flags = btf.member(sample, "flags").orElseThrow();
            ResolvedMember mode = btf.member(sample, "mode").orElseThrow();
            assertEquals(3, flags.bitfieldSize());
            assertEquals(5, mode.bitfieldSize());
            assertEquals(flags.bitOffset() + 3, mode.bitOffset(), "mode follows flags");
            ResolvedMember u32v = btf.member(sample, "u32v").orElseThrow();
            ResolvedMember u64v = btf.member(sample, "u64v").orElseThrow();
            assertEquals(u32v.bitOffset(), u64v.bitOffset(), "members of an anonymous union share an offset");
            ResolvedMember s2 = btf.member(sample, "named.s2").orElseThrow();
            assertEquals(btf.member(sample, "named").orElseThrow().byteOffset() + 2, s2.byteOffset());
            assertTrue(btf.member(sample, "s2").isEmpty(), "named struct members need their path");
            BtfType.Enum color = btf.find("btf_color", BtfType.Enum.class).orElseThrow();
            assertEquals(List.of("BTF_RED", "BTF_GREEN", "BTF_BLUE"), color.values().stream().map(BtfType.EnumValue::name).toList());
            assertEquals(5, color.values().get(1).value());
            assertEquals(-1, (int) color.values().get(2).value());
        }
    }

    @Test
    void globalsOfAnObjectFileHaveNamesAndSizes() throws Exception {
        Path obj = BtfTestSupport.sampleObject(true);
        Map<String, long[]> symbols = objectSymbols(obj);
        try (Btf btf = Btf.fromFile(obj)) {
            for (String section : List.of(".rodata", ".data", ".bss")) {
                List<GlobalVariable> vars = btf.variables(section);
                assertFalse(vars.isEmpty(), section);
                for (GlobalVariable v : vars) {
                    assertEquals(section, v.section());
                    assertEquals(symbols.get(v.name())[1], v.size(), v.name());
                    assertEquals(Linkage.GLOBAL, v.linkage());
                    assertEquals(v.size(), btf.sizeOf(btf.type(v.typeId())), v.name());
                }
            }
            assertEquals(List.of(), btf.variables(".no_such_section"));
            assertTrue(btf.dataSections().stream().anyMatch(d -> d.name().equals(".maps")));
        }
    }

    @Test
    void borrowedBtfOfAnOpenedObjectHasLibbpfsFixedUpOffsets() throws Exception {
        Path obj = BtfTestSupport.sampleObject(true);
        Map<String, long[]> symbols = objectSymbols(obj);
        NativeObject opened = NativeObject.open(Files.readAllBytes(obj), "sample", null, null);
        MemorySegment object = opened.handle();
        try {
            Btf btf = BorrowedBtf.wrap(Btf.class, ObjectCalls.btf(object), "BTF of " + obj.getFileName(), null);
            try (btf) {
                assertEquals(ObjectCalls.btf(object), BorrowedBtf.pointer(Btf.class, btf));
                for (String section : List.of(".rodata", ".data", ".bss")) {
                    for (GlobalVariable v : btf.variables(section)) {
                        assertEquals(symbols.get(v.name())[0], v.offset(), v.name() + " offset");
                        assertEquals(symbols.get(v.name())[1], v.size(), v.name() + " size");
                    }
                    BtfType.DataSec sec = btf.find(section, BtfType.DataSec.class).orElseThrow();
                    assertTrue(sec.size() > 0, section + " size fixed up");
                }
            }
            assertTrue(btf.isClosed());
            assertThrows(BpfException.class, () -> btf.type(1));
            assertThrows(BpfException.class, () -> BorrowedBtf.pointer(Btf.class, btf));
        } finally {
            opened.close(); // frees the BTF: closing the borrowed Btf must not have
        }
    }

    @Test
    void anObjectWithoutDebugInfoHasNoBtf() throws Exception {
        Path obj = BtfTestSupport.sampleObject(false);
        BpfException e = assertThrows(BpfException.class, () -> Btf.fromFile(obj));
        assertEquals(2, e.errnoNumber(), e.getMessage());
        assertTrue(e.getMessage().contains("clang -g"), e.getMessage());
    }

    /** Symbol name to {offset in section, size}, from llvm-objdump. */
    static Map<String, long[]> objectSymbols(Path obj) {
        BtfTestSupport.Result r = BtfTestSupport.run(List.of("llvm-objdump", "-t", obj.toString()), null);
        assumeTrue(r.exitCode() == 0, "llvm-objdump is not available: " + r.output());
        Map<String, long[]> out = new HashMap<>();
        for (String line : r.output().split("\n")) {
            Matcher m = SYMBOL.matcher(line);
            if (m.matches()) {
                out.put(m.group(4), new long[] {Long.parseLong(m.group(1), 16), Long.parseLong(m.group(3), 16)});
            }
        }
        return out;
    }
}
