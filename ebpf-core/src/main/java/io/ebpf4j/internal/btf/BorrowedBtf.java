package io.ebpf4j.internal.btf;

import io.ebpf4j.internal.Bridge;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * For ebpf4j's own code: wraps a {@code struct btf *} that someone else owns (such as the one
 * {@code bpf_object__btf} returns) in an {@code io.ebpf4j.btf.Btf}, and gives back the pointer of a
 * {@code Btf}. {@code Btf} implements it (see {@link Bridge}); this package does not depend on
 * {@code io.ebpf4j.btf}.
 *
 * <p>Closing a borrowed {@code Btf} never frees the pointer; it only makes later use fail cleanly. The
 * owner must close the borrowed {@code Btf} before it frees the BTF (e.g. before
 * {@code bpf_object__close}), or a lookup could read freed memory.
 */
public final class BorrowedBtf {
    /**
     * Implemented by {@code io.ebpf4j.btf.Btf}, which installs it when its class initialises.
     *
     * @param <B> {@code io.ebpf4j.btf.Btf}
     */
    public interface Factory<B> {
        /** Wraps {@code btf} without taking ownership. */
        B borrow(MemorySegment btf, String what, Object keepAlive);

        /** The pointer of an open {@code btf}. */
        MemorySegment pointer(B btf);
    }

    private static final Bridge<Factory<?>> FACTORY = new Bridge<>("io.ebpf4j.btf.Btf");

    private BorrowedBtf() {}

    /**
     * Called once, by {@code Btf}'s static initialiser, with its own lookup.
     *
     * @throws IllegalStateException for any other caller, or a second call
     */
    public static void install(MethodHandles.Lookup caller, Factory<?> factory) {
        FACTORY.set(caller, factory);
    }

    /**
     * A {@code Btf} over {@code btf}, owned elsewhere.
     *
     * @param btfClass  {@code io.ebpf4j.btf.Btf}
     * @param btf       a non-NULL {@code struct btf *}
     * @param what      names it in errors, e.g. "BTF of xdp_counter.bpf.o"
     * @param keepAlive an object kept reachable as long as the {@code Btf} is (may be null)
     */
    public static <B> B wrap(Class<B> btfClass, MemorySegment btf, String what, Object keepAlive) {
        return factory(btfClass).borrow(btf, what, keepAlive);
    }

    /** The {@code struct btf *} of {@code btf}, to pass to libbpf (valid while {@code btf} is open). */
    public static <B> MemorySegment pointer(Class<B> btfClass, B btf) {
        return factory(btfClass).pointer(btf);
    }

    @SuppressWarnings("unchecked") // Btf installs a Factory<Btf>; Bridge.get checks the class
    private static <B> Factory<B> factory(Class<B> btfClass) {
        return (Factory<B>) FACTORY.get(btfClass);
    }
}
