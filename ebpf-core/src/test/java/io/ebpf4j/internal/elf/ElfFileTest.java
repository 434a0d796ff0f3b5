package io.ebpf4j.internal.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.asm.TestObjects;
import io.ebpf4j.prebuilt.Prebuilt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ElfFile} reads what llvm-readelf reads: function symbols and code relocations of every fixture. */
class ElfFileTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "bpf");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*\\d+: ([0-9a-f]+)\\s+(\\d+) FUNC\\s+\\S+\\s+\\S+\\s+(\\d+) (\\S+)$");
    private static final Pattern REL_SECTION = Pattern.compile("^Relocation section '\\.rel(.*)' at offset .*$");
    private static final Pattern REL = Pattern.compile("^([0-9a-f]{16})\\s+[0-9a-f]{16} (R_BPF_\\S+)\\s+[0-9a-f]{16} (.*)$");

    static Stream<String> objects() {
        return Stream.of("bad_verifier", "globals", "maps_all", "policy_violations", "ringbuf_producer", "tracing");
    }

    private static String readelf(String flag, Path obj) throws IOException, InterruptedException {
        TestObjects.require(Files.isExecutable(Path.of("/usr/bin/llvm-readelf")), "llvm-readelf");
        Process p = new ProcessBuilder("/usr/bin/llvm-readelf", flag, obj.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    @ParameterizedTest
    @MethodSource("objects")
    void functionsAndCodeRelocationsMatchLlvmReadelf(String name) throws Exception {
        Path obj = FIXTURES.resolve(name + ".bpf.o");
        ElfFile elf = ElfFile.parse(Files.readAllBytes(obj));

        List<String> want = new ArrayList<>();
        for (String line : readelf("-s", obj).split("\n")) {
            Matcher m = SYMBOL.matcher(line);
            if (m.matches()) {
                want.add(m.group(4) + "@" + m.group(3) + "+" + Long.parseLong(m.group(1), 16) + "/" + m.group(2));
            }
        }
        List<String> got = new ArrayList<>();
        for (ElfFile.Section s : elf.sections()) {
            elf.functions(s.index()).forEach(f -> got.add(f.name() + "@" + f.section() + "+" + f.value() + "/" + f.size()));
        }
        assertTrue(!want.isEmpty(), "llvm-readelf listed no functions");
        assertEquals(want.stream().sorted().toList(), got.stream().sorted().toList());

        List<String> wantRel = new ArrayList<>();
        String section = null;
        for (String line : readelf("-r", obj).split("\n")) {
            Matcher s = REL_SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1);
                continue;
            }
            Matcher r = REL.matcher(line.strip());
            if (r.matches() && section != null && elf.section(section).map(ElfFile.Section::executable).orElse(false)) {
                wantRel.add(section + "+" + Long.parseLong(r.group(1), 16) + " " + r.group(3).strip());
            }
        }
        List<String> gotRel = new ArrayList<>();
        for (ElfFile.Section s : elf.sections()) {
            if (s.executable()) {
                for (ElfFile.Relocation r : elf.relocations(s.index())) {
                    String sym = r.symbol().type() == ElfFile.STT_SECTION ? elf.section(r.symbol().section()).name() : r.symbol().name();
                    gotRel.add(s.name() + "+" + r.offset() + " " + sym);
                }
            }
        }
        assertTrue(wantRel.size() > 0 || name.equals("bad_verifier"), "no code relocations read for " + name);
        assertEquals(wantRel.stream().sorted().toList(), gotRel.stream().sorted().toList());
    }

    @Test
    void thePrebuiltCounterAndBadInput() {
        ElfFile elf = ElfFile.parse(Prebuilt.bundled().bytes("xdp_counter"));
        ElfFile.Section xdp = elf.section("xdp").orElseThrow();
        assertTrue(xdp.executable());
        assertEquals(List.of("xdp_count"), elf.functions(xdp.index()).stream().map(ElfFile.Symbol::name).toList());
        assertThrows(IllegalArgumentException.class, () -> ElfFile.parse(new byte[] {0x7f, 'E', 'L', 'F'}));
    }
}
