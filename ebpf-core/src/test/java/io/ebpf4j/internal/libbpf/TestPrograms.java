package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Test-only: loads a trivial program ("r0 = 0; exit") so map tests can fill program arrays. */
public final class TestPrograms {
    private static final MethodHandle PROG_LOAD = Downcalls.libbpf("bpf_prog_load", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;

    private TestPrograms() {}

    /** A loaded socket filter that returns 0; the caller closes it. */
    public static Fd returnZeroSocketFilter() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(16, 8);
            insns.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0xb7); // BPF_ALU64 | BPF_MOV | BPF_K: r0 = 0
            insns.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 8, (byte) 0x95); // BPF_JMP | BPF_EXIT
            int fd = (int) PROG_LOAD.invokeExact(BPF_PROG_TYPE_SOCKET_FILTER, arena.allocateFrom("ret0"),
                    arena.allocateFrom("GPL"), insns, 2L, MemorySegment.NULL);
            return Fd.owned(Check.check(fd, "bpf_prog_load(ret0)"), "test program ret0");
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }
}
