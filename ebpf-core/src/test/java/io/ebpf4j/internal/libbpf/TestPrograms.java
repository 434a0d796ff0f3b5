package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Test-only: loads a trivial program ("r0 = 0; exit") so map tests can fill program arrays. */
public final class TestPrograms {
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;
    private static final int BPF_PROG_TYPE_RAW_TRACEPOINT = 17;
    private static final int TEST_RUN_OPTS_SIZE = 80;
    private static final int BPF_F_TEST_RUN_ON_CPU = 1;

    private TestPrograms() {}

    /**
     * A raw tracepoint program that adds 1 to the 8-byte value at key 0 of the (per-CPU or mmapable) array
     * {@code mapFd}: run it with {@link #runOnCpu} to write one CPU's slot from the kernel side.
     */
    public static Fd incrementKeyZero(int mapFd) {
        long[][] insns = {
            {0x62, 10, 0, -4, 0},        // *(u32 *)(r10 - 4) = 0
            {0xbf, 2, 10, 0, 0},         // r2 = r10
            {0x07, 2, 0, 0, -4},         // r2 += -4
            {0x18, 1, 1, 0, mapFd},      // r1 = map (ld_imm64, BPF_PSEUDO_MAP_FD)
            {0x00, 0, 0, 0, 0},
            {0x85, 0, 0, 0, 1},          // call bpf_map_lookup_elem
            {0x15, 0, 0, 2, 0},          // if r0 == 0 goto +2
            {0xb7, 1, 0, 0, 1},          // r1 = 1
            {0xdb, 0, 1, 0, 0},          // lock *(u64 *)(r0 + 0) += r1
            {0xb7, 0, 0, 0, 0},          // r0 = 0
            {0x95, 0, 0, 0, 0},          // exit
        };
        return load(BPF_PROG_TYPE_RAW_TRACEPOINT, "inc_key0", insns);
    }

    /** Runs a raw tracepoint program once on {@code cpu} (BPF_PROG_TEST_RUN with BPF_F_TEST_RUN_ON_CPU). */
    public static void runOnCpu(Fd program, int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(TEST_RUN_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, TEST_RUN_OPTS_SIZE);
            opts.set(java.lang.foreign.ValueLayout.JAVA_INT, 68, BPF_F_TEST_RUN_ON_CPU);
            opts.set(java.lang.foreign.ValueLayout.JAVA_INT, 72, cpu);
            Check.check(ProgramCalls.testRun(program.get(), opts), OpKind.PROGRAM, "bpf_prog_test_run_opts(cpu " + cpu + ")");
        }
    }

    private static Fd load(int type, String name, long[][] insns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocate(8L * insns.length, 8);
            for (int i = 0; i < insns.length; i++) {
                long[] in = insns[i];
                long base = 8L * i;
                code.set(java.lang.foreign.ValueLayout.JAVA_BYTE, base, (byte) in[0]);
                code.set(java.lang.foreign.ValueLayout.JAVA_BYTE, base + 1, (byte) ((in[2] << 4) | in[1]));
                code.set(java.lang.foreign.ValueLayout.JAVA_SHORT, base + 2, (short) in[3]);
                code.set(java.lang.foreign.ValueLayout.JAVA_INT, base + 4, (int) in[4]);
            }
            int fd = ProgLoadCalls.progLoad(type, arena.allocateFrom(name), arena.allocateFrom("GPL"), code,
                    insns.length, MemorySegment.NULL);
            return Fd.owned(Check.check(fd, OpKind.LOAD, "bpf_prog_load(" + name + ")"), "test program " + name);
        }
    }

    /** A loaded socket filter that returns 0; the caller closes it. */
    public static Fd returnZeroSocketFilter() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(16, 8);
            insns.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0xb7); // BPF_ALU64 | BPF_MOV | BPF_K: r0 = 0
            insns.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 8, (byte) 0x95); // BPF_JMP | BPF_EXIT
            int fd = ProgLoadCalls.progLoad(BPF_PROG_TYPE_SOCKET_FILTER, arena.allocateFrom("ret0"),
                    arena.allocateFrom("GPL"), insns, 2L, MemorySegment.NULL);
            return Fd.owned(Check.check(fd, OpKind.LOAD, "bpf_prog_load(ret0)"), "test program ret0");
        }
    }
}
