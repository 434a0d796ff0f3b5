package io.ebpf4j.internal.os;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;

/** Owned duplicates of borrowed fds, for objects that must outlive the fd's owner. */
public final class Dup {
    private Dup() {}

    /** A close-on-exec duplicate of {@code fd}, owned by the caller; {@code what} names it. */
    public static Fd owned(Fd fd, String what) {
        int dup = LibC.dupCloexec(fd.get());
        if (dup < 0) {
            throw Check.error(OpKind.SYSTEM, "duplicating the fd of " + what, -dup);
        }
        return Fd.owned(dup, what);
    }
}
