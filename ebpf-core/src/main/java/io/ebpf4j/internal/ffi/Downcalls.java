package io.ebpf4j.internal.ffi;

import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Binds C functions to Java functional interfaces, once, for {@code static final} fields of the
 * binding classes. This is the one place that turns a native symbol into something Java calls:
 *
 * <pre>{@code
 * private interface C {
 *     interface Close { int call(int fd); }
 * }
 * private static final C.Close CLOSE = Downcalls.libc("close", C.Close.class, ErrnoMode.CAPTURED);
 * ...
 * int r = CLOSE.call(fd); // 0 or -errno
 * }</pre>
 *
 * <p>The C signature is the interface method's: {@code int} is {@code JAVA_INT}, {@code long}
 * {@code JAVA_LONG} ({@code size_t}, {@code ssize_t}, {@code __u64}), {@code boolean} C {@code bool},
 * {@link MemorySegment} a pointer, {@code void} no result. The interface must be public, since
 * {@link MethodHandleProxies} binds only public interfaces; keep it private by nesting it in a private
 * interface of the binding class, as above.
 *
 * <p>Errno capture is folded into the handle ({@link ErrnoMode}): a capturing binding takes this
 * thread's capture segment itself and turns a negative {@code int}/{@code long} result into
 * {@code -errno}, so no call site handles capture segments. A bound function throws only unchecked
 * exceptions, so no call site catches {@code Throwable} either.
 *
 * <p>Cost: {@code asInterfaceInstance} implements the interface with a hidden class whose final field
 * holds the handle; the JIT trusts final fields of hidden classes, so a call through a
 * {@code static final} binding inlines to the downcall as a {@code static final MethodHandle}'s
 * {@code invokeExact} does, and allocates nothing.
 *
 * <p>Binding never fails: when the symbol is missing, the binding throws a {@link BpfException} saying
 * why when it is called.
 */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** The C type each Java type of a binding's signature stands for. */
    private static final Map<Class<?>, MemoryLayout> LAYOUTS = Map.of(
            int.class, ValueLayout.JAVA_INT, long.class, ValueLayout.JAVA_LONG, MemorySegment.class, ValueLayout.ADDRESS,
            boolean.class, ValueLayout.JAVA_BOOLEAN, short.class, ValueLayout.JAVA_SHORT, byte.class, ValueLayout.JAVA_BYTE,
            double.class, ValueLayout.JAVA_DOUBLE, float.class, ValueLayout.JAVA_FLOAT);
    private static final MethodHandle MISSING;
    private static final MethodHandle SEGMENT;
    private static final MethodHandle NEGATED_INT;
    private static final MethodHandle NEGATED_LONG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MISSING = lookup.findStatic(Downcalls.class, "missing",
                    MethodType.methodType(BpfException.class, String.class));
            SEGMENT = lookup.findStatic(CapturedErrno.class, "segment", MethodType.methodType(MemorySegment.class));
            NEGATED_INT = lookup.findStatic(Downcalls.class, "negatedErrno",
                    MethodType.methodType(int.class, int.class, MemorySegment.class));
            NEGATED_LONG = lookup.findStatic(Downcalls.class, "negatedErrno",
                    MethodType.methodType(long.class, long.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Downcalls() {}

    /** Binds the function at {@code symbol} to {@code fn}. */
    public static <T> T bind(Class<T> fn, MemorySegment symbol, ErrnoMode errno) {
        return bind(fn, symbol, errno, new Linker.Option[0]);
    }

    private static <T> T bind(Class<T> fn, MemorySegment symbol, ErrnoMode errno, Linker.Option... options) {
        MethodType type = signature(fn);
        FunctionDescriptor fd = descriptor(type);
        MethodHandle h;
        if (errno == ErrnoMode.CAPTURED) {
            Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
            all[options.length] = CAPTURE_ERRNO;
            h = foldCapture(LINKER.downcallHandle(symbol, fd, all));
        } else {
            h = LINKER.downcallHandle(symbol, fd, options);
        }
        return MethodHandleProxies.asInterfaceInstance(fn, h);
    }

    /** A binding of {@code fn} that throws a {@link BpfException} saying {@code why} when called. */
    public static <T> T missing(Class<T> fn, String why) {
        MethodType type = signature(fn);
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), BpfException.class);
        MethodHandle noArgs = MethodHandles.foldArguments(thrower, MethodHandles.insertArguments(MISSING, 0, why));
        return MethodHandleProxies.asInterfaceInstance(fn, MethodHandles.dropArguments(noArgs, 0, type.parameterList()));
    }

    /** Binds the C library function {@code name} to {@code fn}; see {@link #bind}. */
    public static <T> T libc(String name, Class<T> fn, ErrnoMode errno) {
        return libc(name, fn, errno, new Linker.Option[0]);
    }

    /**
     * Binds the variadic C library function {@code name} to {@code fn}, whose parameters from
     * {@code firstVariadicArg} on (0-based) are the variadic ones, as passed (e.g. {@code syscall(2)}: 1).
     */
    public static <T> T libcVariadic(String name, Class<T> fn, ErrnoMode errno, int firstVariadicArg) {
        return libc(name, fn, errno, Linker.Option.firstVariadicArg(firstVariadicArg));
    }

    private static <T> T libc(String name, Class<T> fn, ErrnoMode errno, Linker.Option... options) {
        Optional<MemorySegment> sym = LINKER.defaultLookup().find(name);
        return sym.isPresent() ? bind(fn, sym.get(), errno, options) : missing(fn, "the C library has no " + name);
    }

    /** The Java signature of {@code fn}'s single abstract method. */
    static MethodType signature(Class<?> fn) {
        if (!fn.isInterface()) {
            throw new IllegalArgumentException(fn + " is not an interface");
        }
        Method found = null;
        for (Method m : fn.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers())) {
                if (found != null) {
                    throw new IllegalArgumentException(fn + " has more than one abstract method");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(fn + " has no abstract method");
        }
        return MethodType.methodType(found.getReturnType(), found.getParameterTypes());
    }

    /** The C function descriptor that {@code type} stands for. */
    static FunctionDescriptor descriptor(MethodType type) {
        MemoryLayout[] args = type.parameterList().stream().map(Downcalls::layout).toArray(MemoryLayout[]::new);
        return type.returnType() == void.class ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layout(type.returnType()), args);
    }

    private static MemoryLayout layout(Class<?> c) {
        MemoryLayout layout = LAYOUTS.get(c);
        if (layout == null) {
            throw new IllegalArgumentException("no C type for " + c);
        }
        return layout;
    }

    /**
     * {@code (MemorySegment capture, A...)R} to {@code (A...)R}: this thread's capture segment is passed
     * in, and an int or long result below zero comes back as {@code -errno}.
     */
    private static MethodHandle foldCapture(MethodHandle h) {
        MethodType t = h.type();
        Class<?> r = t.returnType();
        MethodHandle negated = r == int.class ? NEGATED_INT : r == long.class ? NEGATED_LONG : null;
        if (negated != null) {
            // (R result, MemorySegment cs) after (cs, A...): (cs, A..., cs)R, then cs passed to both
            MethodHandle both = MethodHandles.collectArguments(negated, 0, h);
            int[] order = new int[t.parameterCount() + 1];
            for (int i = 0; i < t.parameterCount(); i++) {
                order[i] = i;
            }
            h = MethodHandles.permuteArguments(both, t, order); // the last slot reads argument 0 again
        }
        return MethodHandles.foldArguments(h, 0, SEGMENT);
    }

    @SuppressWarnings("unused") // through NEGATED_INT
    private static int negatedErrno(int result, MemorySegment capture) {
        return result < 0 ? -CapturedErrno.read(capture) : result;
    }

    @SuppressWarnings("unused") // through NEGATED_LONG
    private static long negatedErrno(long result, MemorySegment capture) {
        return result < 0 ? -CapturedErrno.read(capture) : result;
    }

    @SuppressWarnings("unused") // through MISSING
    private static BpfException missing(String why) {
        return new BpfException("calling into native code", why);
    }
}
