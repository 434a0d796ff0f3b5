package io.ebpf4j.prebuilt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final String A = "a".repeat(64);
    private static final String B = "0123456789ABCDEF".repeat(4);

    @Test
    void parsesEntriesCommentsAndClangMajor() {
        Manifest m = Manifest.parse("# generated\n# clang-major: 14\n\n" + A + "  z.bpf.o\n" + B + " *a.bpf.o\n");
        assertEquals(OptionalInt.of(14), m.clangMajor());
        assertEquals(List.of("a.bpf.o", "z.bpf.o"), m.names());
        assertEquals(B.toLowerCase(), m.sha256("a.bpf.o").orElseThrow(), "digests are normalised to lower case");
        assertTrue(m.sha256("missing.bpf.o").isEmpty());
    }

    @Test
    void manifestWithoutHeaderHasNoClangMajor() {
        assertEquals(OptionalInt.empty(), Manifest.parse(A + "  x.bpf.o\n").clangMajor());
    }

    @Test
    void refusesMalformedLines() {
        var e = assertThrows(PrebuiltIntegrityException.class, () -> Manifest.parse(A + "  ok.bpf.o\nnot a digest  x.bpf.o\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertEquals(Manifest.FILE_NAME, e.fileName());
        assertThrows(PrebuiltIntegrityException.class, () -> Manifest.parse(A.substring(1) + "  short.bpf.o\n"));
    }

    @Test
    void refusesDuplicateNames() {
        var e = assertThrows(PrebuiltIntegrityException.class, () -> Manifest.parse(A + "  x.bpf.o\n" + B + "  x.bpf.o\n"));
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void refusesNamesWithDirectoryParts() {
        assertThrows(PrebuiltIntegrityException.class, () -> Manifest.parse(A + "  ../x.bpf.o\n"));
        assertThrows(PrebuiltIntegrityException.class, () -> Manifest.parse(A + "  dir/x.bpf.o\n"));
        assertThrows(IllegalArgumentException.class, () -> new Manifest(OptionalInt.empty(), Map.of("/etc/passwd", A)));
    }

    @Test
    void formatRoundTrips() {
        Manifest m = new Manifest(OptionalInt.of(17), Map.of("b.bpf.o", B, "a.bpf.o", A));
        assertEquals(m, Manifest.parse(m.format()));
    }
}
