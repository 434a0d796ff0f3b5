package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.CapturedErrno;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Network interface lookups (if_nametoindex) in the calling thread's network namespace. */
public final class Net {
    /** The C function bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** 0 on failure, errno set. */
        interface IfNameToIndex { int call(MemorySegment name); }
    }

    private static final C.IfNameToIndex IF_NAMETOINDEX = Downcalls.libc("if_nametoindex", C.IfNameToIndex.class, CAPTURED);
    private static final int IFNAMSIZ = 16;

    private Net() {}

    /**
     * The index of interface {@code name}.
     *
     * @throws BpfException naming the interface when it does not exist or the name is invalid
     */
    public static int ifindex(String name) {
        if (name == null || name.isEmpty() || name.length() >= IFNAMSIZ || name.contains("/") || name.contains("\0")
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new BpfException("looking up interface '" + name + "'",
                    "not a valid interface name (1 to 15 characters, no '/', no white space)");
        }
        try (Arena arena = Arena.ofConfined()) {
            int idx = IF_NAMETOINDEX.call(arena.allocateFrom(name));
            if (idx == 0) {
                throw new BpfException("looking up interface '" + name + "'", CapturedErrno.last(),
                        "no such interface in this network namespace",
                        "check the name with `ip link`; interfaces in another network namespace are not visible here");
            }
            return idx;
        }
    }
}
