package io.ebpf4j.internal.ffi;

import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Makes downcall handles, once, for use in {@code static final} fields of the binding classes.
 *
 * <p>Making a handle never fails: when the symbol is missing, the handle has the right type and throws
 * a {@link BpfException} naming what is missing when it is called.
 *
 * <p>Handles made with errno capture take a leading capture segment ({@link CapturedErrno#captureSegment()}),
 * per {@link Linker.Option#captureCallState(String...)}.
 */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle MISSING;

    static {
        try {
            MISSING = MethodHandles.lookup().findStatic(Downcalls.class, "missing",
                    MethodType.methodType(BpfException.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Downcalls() {}

    /** The function at {@code symbol}; with {@code captureErrno} the handle takes a leading capture segment. */
    public static MethodHandle bind(MemorySegment symbol, FunctionDescriptor fd, boolean captureErrno) {
        return captureErrno ? LINKER.downcallHandle(symbol, fd, CAPTURE_ERRNO) : LINKER.downcallHandle(symbol, fd);
    }

    /** A handle of the type {@link #bind} would give that throws a {@link BpfException} saying {@code why}. */
    public static MethodHandle missing(FunctionDescriptor fd, boolean captureErrno, String why) {
        MethodType type = captureErrno ? fd.toMethodType().insertParameterTypes(0, MemorySegment.class) : fd.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), BpfException.class);
        MethodHandle factory = MethodHandles.insertArguments(MISSING, 0, why);
        MethodHandle noArgs = MethodHandles.foldArguments(thrower, factory);
        return MethodHandles.dropArguments(noArgs, 0, type.parameterList());
    }

    /** A C library function, with errno captured. */
    public static MethodHandle libcErrno(String name, FunctionDescriptor fd) {
        return libc(name, fd, true);
    }

    /** A C library function without errno capture. */
    public static MethodHandle libc(String name, FunctionDescriptor fd) {
        return libc(name, fd, false);
    }

    private static MethodHandle libc(String name, FunctionDescriptor fd, boolean captureErrno) {
        Optional<MemorySegment> sym = LINKER.defaultLookup().find(name);
        return sym.isPresent() ? bind(sym.get(), fd, captureErrno)
                : missing(fd, captureErrno, "the C library has no " + name);
    }

    /** Rethrows what a downcall threw: unchecked as is, anything else wrapped. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    @SuppressWarnings("unused") // called through MISSING
    private static BpfException missing(String why) {
        return new BpfException("calling into native code", why);
    }
}
