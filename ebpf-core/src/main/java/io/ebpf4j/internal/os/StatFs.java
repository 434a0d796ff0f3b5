package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/** statfs(2), for telling which file system a path is on (bpffs, tracefs). */
public final class StatFs {
    /** BPF_FS_MAGIC from linux/magic.h. */
    public static final long BPF_FS_MAGIC = 0xcafe4a11L;
    /** sizeof(struct statfs) is 120 on x86_64 and arm64; a little more is allocated. */
    private static final long STATFS_SIZE = 256;

    /** The C function bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Statfs { int call(MemorySegment path, MemorySegment buf); }
    }

    private static final C.Statfs STATFS = Downcalls.libc("statfs", C.Statfs.class, CAPTURED);

    private StatFs() {}

    /** The f_type (file system magic) of {@code path}, or empty when statfs fails (e.g. no such path). */
    public static OptionalLong type(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
            if (STATFS.call(arena.allocateFrom(path), buf) < 0) {
                return OptionalLong.empty();
            }
            // f_type is the first member (__fsword_t, a long on 64-bit Linux).
            return OptionalLong.of(buf.get(JAVA_LONG, 0) & 0xFFFFFFFFL);
        }
    }
}
