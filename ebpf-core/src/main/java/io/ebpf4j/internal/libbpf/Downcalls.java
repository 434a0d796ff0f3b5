package io.ebpf4j.internal.libbpf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.LibBpfUnavailableException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Makes downcall handles, once, for use in {@code static final} fields of the binding classes.
 *
 * <p>Making a handle never fails: when libbpf is unavailable, or the loaded libbpf lacks the symbol,
 * the handle has the right type and throws a {@link BpfException} naming what is missing when it is
 * called. Callers that can degrade ask {@link LibBpf#has(String)} first.
 *
 * <p>Handles made {@linkplain #libbpfErrno with errno} take a leading capture segment
 * ({@link Errno#captureSegment()}), per {@link Linker.Option#captureCallState(String...)}.
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

    /** A libbpf function; libbpf 1.x returns {@code -errno} from int functions, so no capture is needed. */
    public static MethodHandle libbpf(String name, FunctionDescriptor fd) {
        return bind(name, fd, false);
    }

    /** A libbpf function whose errno must be read after the call (pointer-returning ones). */
    public static MethodHandle libbpfErrno(String name, FunctionDescriptor fd) {
        return bind(name, fd, true);
    }

    /** A C library function, with errno captured. */
    public static MethodHandle libcErrno(String name, FunctionDescriptor fd) {
        SymbolLookup std = LINKER.defaultLookup();
        Optional<MemorySegment> sym = std.find(name);
        MethodType type = capturing(fd);
        if (sym.isEmpty()) {
            return throwing(type, "the C library has no " + name);
        }
        return LINKER.downcallHandle(sym.get(), fd, CAPTURE_ERRNO);
    }

    /** A C library function without errno capture. */
    public static MethodHandle libc(String name, FunctionDescriptor fd) {
        Optional<MemorySegment> sym = LINKER.defaultLookup().find(name);
        if (sym.isEmpty()) {
            return throwing(fd.toMethodType(), "the C library has no " + name);
        }
        return LINKER.downcallHandle(sym.get(), fd);
    }

    private static MethodHandle bind(String name, FunctionDescriptor fd, boolean errno) {
        MethodType type = errno ? capturing(fd) : fd.toMethodType();
        LibBpf lib;
        try {
            lib = LibBpf.get();
        } catch (LibBpfUnavailableException e) {
            return throwing(type, e.getMessage());
        }
        Optional<MemorySegment> sym = lib.find(name);
        if (sym.isEmpty()) {
            return throwing(type, "libbpf " + lib.version() + " (" + lib.path() + ") has no " + name
                    + "; a newer libbpf has it");
        }
        return errno ? LINKER.downcallHandle(sym.get(), fd, CAPTURE_ERRNO) : LINKER.downcallHandle(sym.get(), fd);
    }

    /** The Java type of a capturing handle: the capture segment comes first. */
    private static MethodType capturing(FunctionDescriptor fd) {
        return fd.toMethodType().insertParameterTypes(0, MemorySegment.class);
    }

    private static MethodHandle throwing(MethodType type, String why) {
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), BpfException.class);
        MethodHandle factory = MethodHandles.insertArguments(MISSING, 0, why);
        MethodHandle noArgs = MethodHandles.foldArguments(thrower, factory);
        return MethodHandles.dropArguments(noArgs, 0, type.parameterList());
    }

    @SuppressWarnings("unused") // called through MISSING
    private static BpfException missing(String why) {
        return new BpfException("calling into native code", why);
    }
}
