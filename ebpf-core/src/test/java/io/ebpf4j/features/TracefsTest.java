package io.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where tracefs is and why it cannot be read, on directories the test makes (the unreadable case as a
 * process without root sees it is shown by the capability-dropped runs in ebpf-hooks and ebpf-examples).
 */
class TracefsTest {
    @Test
    void aReadableEventsDirectoryIsFoundAndHasNoProblem(@TempDir Path dir) throws Exception {
        Path tracing = Files.createDirectories(dir.resolve("tracing").resolve("events")).getParent();
        List<Path> places = List.of(dir.resolve("absent"), tracing);
        assertEquals(Optional.of(tracing.resolve("events")), Tracefs.events(places));
        assertEquals(Optional.empty(), Tracefs.problem(places));
    }

    @Test
    void noEventsDirectoryAnywhereIsNotMounted(@TempDir Path dir) {
        List<Path> places = List.of(dir.resolve("tracing"), dir.resolve("debug-tracing"));
        assertEquals(Optional.of("tracefs is not mounted (no " + dir.resolve("tracing").resolve("events") + ")"),
                Tracefs.problem(places));
    }

    @Test
    void theUnreadableMessageNamesThePlaceItsModeAndItsOwner(@TempDir Path dir) throws Exception {
        Path tracing = Files.createDirectory(dir.resolve("tracing"));
        Files.setPosixFilePermissions(tracing, PosixFilePermissions.fromString("rwx------"));
        String owner = Files.getOwner(tracing).getName();
        assertEquals("tracefs at " + tracing + " is not readable by this process (mode 0700, owner " + owner + ")",
                Tracefs.unreadable(tracing));
        assertTrue(Tracefs.REMEDY.contains("raw tracepoint") && Tracefs.REMEDY.contains("CAP_DAC_READ_SEARCH"),
                Tracefs.REMEDY);
    }
}
