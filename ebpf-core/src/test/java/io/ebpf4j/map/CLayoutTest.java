package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.map.LayoutRecords.Deep;
import io.ebpf4j.map.LayoutRecords.Floats;
import io.ebpf4j.map.LayoutRecords.Mixed;
import io.ebpf4j.map.LayoutRecords.Nested;
import io.ebpf4j.map.LayoutRecords.Small;
import io.ebpf4j.map.LayoutRecords.Tail;
import io.ebpf4j.map.LayoutRecords.WithBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record layouts against the C compiler's: the same structs written in C, compiled, and their
 * sizeof/offsetof printed. Skipped when no C compiler is installed.
 */
class CLayoutTest {
    private static final String C = """
            #include <stdio.h>
            #include <stddef.h>
            #include <stdint.h>
            #include <stdbool.h>
            struct Mixed { int8_t a; int64_t b; int16_t c; int32_t d; int8_t e; };
            struct Nested { int32_t x; struct Mixed m; int8_t y; };
            struct WithBytes { int16_t s; uint8_t name[6]; int32_t i; bool flag; double d; };
            struct Floats { float f; uint16_t c; double d; };
            struct Small { int8_t a; int8_t b; };
            struct Tail { int64_t l; int8_t b; };
            struct Deep { int16_t s; struct Nested n; struct Small t; int32_t i; };
            #define S(T) printf("struct %s %zu\\n", #T, sizeof(struct T));
            #define M(T, F) printf("member %s %zu %zu\\n", #F, offsetof(struct T, F), sizeof(((struct T *)0)->F));
            int main(void) {
                S(Mixed) M(Mixed, a) M(Mixed, b) M(Mixed, c) M(Mixed, d) M(Mixed, e)
                S(Nested) M(Nested, x) M(Nested, m) M(Nested, y)
                S(WithBytes) M(WithBytes, s) M(WithBytes, name) M(WithBytes, i) M(WithBytes, flag) M(WithBytes, d)
                S(Floats) M(Floats, f) M(Floats, c) M(Floats, d)
                S(Small) M(Small, a) M(Small, b)
                S(Tail) M(Tail, l) M(Tail, b)
                S(Deep) M(Deep, s) M(Deep, n) M(Deep, t) M(Deep, i)
                return 0;
            }
            """;

    private static Map<String, StructShape> compiled;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        Path cc = Path.of("/usr/bin/cc");
        Assumptions.assumeTrue(Files.isExecutable(cc), "no C compiler at /usr/bin/cc");
        Path src = dir.resolve("layout.c");
        Path exe = dir.resolve("layout");
        Files.writeString(src, C);
        run(cc.toString(), "-O0", "-o", exe.toString(), src.toString());
        compiled = parse(run(exe.toString()));
    }

    @Test
    void recordLayoutsMatchTheCompiler() {
        for (Class<? extends Record> type : List.of(Mixed.class, Nested.class, WithBytes.class, Floats.class,
                Small.class, Tail.class, Deep.class)) {
            RecordCodec<?> codec = Codecs.record(type);
            StructShape c = compiled.get(type.getSimpleName());
            codec.checkAgainst(c);
            assertEquals(c, codec.shape(), type.getSimpleName());
        }
    }

    @Test
    void aMismatchNamesTheField() {
        StructShape mixed = compiled.get("Mixed");
        List<StructShape.Member> moved = new ArrayList<>(mixed.members());
        StructShape.Member d = moved.get(3);
        moved.set(3, new StructShape.Member(d.name(), d.offset() + 4, d.size()));
        StructShape wrong = new StructShape("Mixed", mixed.size() + 8, moved);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codecs.record(Mixed.class).checkAgainst(wrong));
        assertTrue(e.getMessage().contains("field 'd': offset 20 in record Mixed but 24 in struct Mixed"), e.getMessage());
        assertTrue(e.getMessage().contains("record Mixed is 32 bytes but struct Mixed is 40"), e.getMessage());

        List<StructShape.Member> renamed = new ArrayList<>(mixed.members());
        renamed.set(0, new StructShape.Member("flags", 0, 1));
        List<String> problems = Codecs.record(Mixed.class).mismatches(new StructShape("Mixed", 32, renamed));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'flags'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'a'")), problems.toString());
    }

    private static Map<String, StructShape> parse(String out) {
        Map<String, StructShape> shapes = new LinkedHashMap<>();
        String name = null;
        long size = 0;
        List<StructShape.Member> members = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            if (f[0].equals("struct")) {
                if (name != null) {
                    shapes.put(name, new StructShape(name, size, members));
                }
                name = f[1];
                size = Long.parseLong(f[2]);
                members = new ArrayList<>();
            } else {
                members.add(new StructShape.Member(f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        }
        shapes.put(name, new StructShape(name, size, members));
        return shapes;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
