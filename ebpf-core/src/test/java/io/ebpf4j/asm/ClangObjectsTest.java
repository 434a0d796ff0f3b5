package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding real clang output: byte-exact round trips, and the same text as llvm-objdump. */
class ClangObjectsTest {

    @ParameterizedTest
    @CsvSource({"mixed,-mcpu=v1", "mixed,-mcpu=v3", "atomics,-mcpu=v3"})
    void clangOutputRoundTripsByteForByte(String name, String cpu) throws Exception {
        Path obj = TestObjects.compile(name, cpu);
        Map<String, byte[]> sections = TestObjects.codeSections(obj);
        assertFalse(sections.isEmpty(), "no code sections in " + obj);
        for (Map.Entry<String, byte[]> e : sections.entrySet()) {
            List<Instruction> insns = Instructions.decode(e.getValue());
            assertTrue(insns.stream().noneMatch(i -> i instanceof Malformed),
                    e.getKey() + " decodes to malformed instructions: " + insns);
            assertArrayEquals(e.getValue(), Instructions.encode(insns), "round trip of " + e.getKey());
        }
    }

    @ParameterizedTest
    @CsvSource({"mixed,-mcpu=v1", "mixed,-mcpu=v3", "atomics,-mcpu=v3"})
    void disassemblyMatchesLlvmObjdump(String name, String cpu) throws Exception {
        Path obj = TestObjects.compile(name, cpu);
        Map<String, byte[]> sections = TestObjects.codeSections(obj);
        Map<String, Map<Integer, String>> expected = TestObjects.objdump(obj);
        Disassembler dis = Disassembler.withBuiltinNames();
        int compared = 0;
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : sections.entrySet()) {
            Map<Integer, String> llvm = expected.get(e.getKey());
            List<Instruction> insns = Instructions.decode(e.getValue());
            int[] slots = Instructions.slotIndices(insns);
            for (int i = 0; i < insns.size(); i++) {
                String want = llvm.get(slots[i]);
                // LLVM 14 prints calls by number only and cannot print 32-bit fetching atomics
                if (want == null || want.startsWith("call ") || want.equals("<unknown>")) {
                    continue;
                }
                compared++;
                String got = dis.format(insns.get(i));
                if (!got.equals(want)) {
                    diffs.add(e.getKey() + "[" + slots[i] + "]: llvm '" + want + "' ours '" + got + "'");
                }
            }
        }
        assertTrue(compared > 20, "compared only " + compared + " lines");
        assertEquals(List.of(), diffs);
    }

    @ParameterizedTest
    @CsvSource({"mixed,-mcpu=v1"})
    void helperCallsAreNamed(String name, String cpu) throws Exception {
        Path obj = TestObjects.compile(name, cpu);
        List<Instruction> insns = Instructions.decode(TestObjects.codeSections(obj).get("socket"));
        String text = Disassembler.withBuiltinNames().disassemble(insns);
        assertTrue(text.contains("call bpf_map_lookup_elem#1"), text);
        assertTrue(text.contains("call pc-1"), text);
    }
}
