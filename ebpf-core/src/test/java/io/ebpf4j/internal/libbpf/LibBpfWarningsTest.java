package io.ebpf4j.internal.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.testutil.FeatureMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libbpf's warnings reach the capture open on the thread that made the call, and only it. */
class LibBpfWarningsTest {

    private static void openLegacy() {
        assertThrows(BpfException.class, () -> NativeObject.open(FeatureMatrix.LEGACY_MAPS.bytes(), "legacy_maps", null, null));
    }

    @Test
    void aCaptureSeesTheWarningsOfItsOwnCallsWithoutThePrefix() {
        try (LibBpfWarnings w = LibBpfWarnings.capture()) {
            openLegacy();
            assertTrue(w.lines().stream().anyMatch(l -> l.startsWith("elf: legacy map definitions in 'maps' section")),
                    w.lines().toString());
        }
    }

    @Test
    void capturesNestAndEndWithClose() {
        try (LibBpfWarnings outer = LibBpfWarnings.capture()) {
            try (LibBpfWarnings inner = LibBpfWarnings.capture()) {
                openLegacy();
                assertTrue(!inner.lines().isEmpty());
            }
            assertEquals(List.of(), outer.lines(), "the inner capture took the lines");
            openLegacy();
            assertTrue(!outer.lines().isEmpty(), "the outer capture resumes");
        }
        assertTrue(!LibBpfWarnings.active(), "nothing is captured after the last close");
    }

    @Test
    void anotherThreadsWarningsAreNotCaptured() throws InterruptedException {
        try (LibBpfWarnings w = LibBpfWarnings.capture()) {
            Thread t = Thread.ofPlatform().start(LibBpfWarningsTest::openLegacy);
            t.join();
            assertEquals(List.of(), w.lines());
        }
    }
}
