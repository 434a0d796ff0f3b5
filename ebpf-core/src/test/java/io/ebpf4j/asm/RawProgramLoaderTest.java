package io.ebpf4j.asm;

import static io.ebpf4j.asm.Register.R0;
import static io.ebpf4j.asm.Register.R1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProgLoadCalls;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawProgramLoaderTest {

    @BeforeEach
    void root() {
        TestObjects.requireRoot();
    }

    @Test
    void loadsAValidProgramAndOwnsItsFd() throws IOException {
        int fd;
        RawProgramLoader.Result result;
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "ok_prog", "GPL",
                List.of(Asm.mov64(R0, 0), Asm.exit()))) {
            result = r;
            assertTrue(r.loaded(), r.log());
            assertEquals(Optional.empty(), r.errno());
            assertEquals(0, r.errnoNumber());
            fd = r.fd().orElseThrow();
            assertTrue(fd > 2);
            assertEquals("anon_inode:bpf-prog", Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
            assertFalse(result.isClosed());
        }
        assertTrue(result.isClosed());
        BpfException e = assertThrows(BpfException.class, result::fd, "a closed result refuses its fd");
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        Path link = Path.of("/proc/self/fd/" + fd);
        assertTrue(!Files.exists(link, LinkOption.NOFOLLOW_LINKS)
                || !Files.readSymbolicLink(link).toString().equals("anon_inode:bpf-prog"), "closing the result closed the fd");
    }

    @Test
    void aRefusedProgramGivesErrnoAndTheVerifierLog() {
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, "bad_prog", "GPL",
                List.of(Asm.mov64(R0, Register.R2), Asm.exit()))) { // r2 is never written
            assertFalse(r.loaded());
            assertEquals(OptionalInt.empty(), r.fd());
            assertEquals(Optional.of(Errno.EACCES), r.errno(), r.log());
            assertEquals(Errno.EACCES.number(), r.errnoNumber());
            assertTrue(r.log().contains("R2 !read_ok"), r.log());
        }
    }

    @Test
    void theLogBufferGrowsUntilTheWholeLogFits() {
        // A verbose (level 2) log of a long program is far bigger than the first buffer; the kernel
        // reports ENOSPC until it fits.
        List<Instruction> insns = new ArrayList<>();
        insns.add(Asm.mov64(R0, 0));
        for (int i = 0; i < 3000; i++) {
            insns.add(Asm.add64(R0, 1));
        }
        insns.add(Asm.exit());
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.SOCKET_FILTER, Optional.empty(), "long_prog", "GPL",
                insns, 2)) {
            assertTrue(r.loaded(), "errno " + r.errno());
            assertTrue(r.log().length() > ProgLoadCalls.INITIAL_LOG_SIZE, "log of " + r.log().length() + " chars");
            assertTrue(r.log().contains("processed 3002 insns"), r.log().substring(Math.max(0, r.log().length() - 400)));
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeNativeCode() {
        List<Instruction> ok = List.of(Asm.mov64(R0, 0), Asm.exit());
        assertThrows(IllegalArgumentException.class, () -> RawProgramLoader.load(ProgramType.XDP, "name-with-dash", "GPL", ok));
        assertThrows(IllegalArgumentException.class, () -> RawProgramLoader.load(ProgramType.XDP, "a_name_far_too_long", "GPL", ok));
        assertThrows(IllegalArgumentException.class, () -> RawProgramLoader.load(ProgramType.XDP, "p", "GPL", List.of()));
        assertThrows(IllegalArgumentException.class, () -> RawProgramLoader.load(ProgramType.XDP, "p", "G\0PL", ok));
    }
}
