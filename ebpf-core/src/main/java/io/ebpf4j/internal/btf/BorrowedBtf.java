package io.ebpf4j.internal.btf;

import io.ebpf4j.btf.Btf;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * For ebpf4j's own code: wraps a {@code struct btf *} that someone else owns (such as the one
 * {@code bpf_object__btf} returns) in a {@link Btf}, and gives back the pointer of a {@link Btf}.
 *
 * <p>Closing a borrowed {@link Btf} never frees the pointer; it only makes later use fail cleanly. The
 * owner must close the borrowed {@link Btf} before it frees the BTF (e.g. before
 * {@code bpf_object__close}), or a lookup could read freed memory.
 */
public final class BorrowedBtf {
    /** Implemented by {@link Btf}, which installs itself when its class initialises. */
    public interface Factory {
        /** Wraps {@code btf} without taking ownership. */
        Btf borrow(MemorySegment btf, String what, Object keepAlive);

        /** The pointer of an open {@code btf}. */
        MemorySegment pointer(Btf btf);
    }

    private static volatile Factory factory;

    private BorrowedBtf() {}

    /** Called once by {@link Btf}'s static initialiser. */
    public static void install(Factory f) {
        synchronized (BorrowedBtf.class) {
            if (factory != null) {
                throw new IllegalStateException("already installed");
            }
            factory = Objects.requireNonNull(f);
        }
    }

    /**
     * A {@link Btf} over {@code btf}, owned elsewhere.
     *
     * @param btf       a non-NULL {@code struct btf *}
     * @param what      names it in errors, e.g. "BTF of xdp_counter.bpf.o"
     * @param keepAlive an object kept reachable as long as the {@link Btf} is (may be null)
     */
    public static Btf wrap(MemorySegment btf, String what, Object keepAlive) {
        return factory().borrow(btf, what, keepAlive);
    }

    /** The {@code struct btf *} of {@code btf}, to pass to libbpf (valid while {@code btf} is open). */
    public static MemorySegment pointer(Btf btf) {
        return factory().pointer(btf);
    }

    private static Factory factory() {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(Btf.class.getName(), true, Btf.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f;
    }
}
