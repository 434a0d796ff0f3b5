package io.ebpf4j.internal.libbpf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.LibBpfUnavailableException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Binds libbpf's functions, once, for use in {@code static final} fields of the binding classes; the
 * FFM plumbing is {@link io.ebpf4j.internal.ffi.Downcalls}.
 *
 * <p>Binding never fails: when libbpf is unavailable, or the loaded libbpf lacks the symbol, the handle
 * has the right type and throws a {@link BpfException} naming what is missing when it is called.
 * Callers that can degrade ask {@link LibBpf#has(String)} first.
 */
final class Symbols {
    private Symbols() {}

    /** A libbpf function; libbpf 1.x returns {@code -errno} from int functions, so no capture is needed. */
    static MethodHandle libbpf(String name, FunctionDescriptor fd) {
        return bind(name, fd, false);
    }

    /** A libbpf function whose errno must be read after the call (pointer-returning ones). */
    static MethodHandle libbpfErrno(String name, FunctionDescriptor fd) {
        return bind(name, fd, true);
    }

    private static MethodHandle bind(String name, FunctionDescriptor fd, boolean errno) {
        LibBpf lib;
        try {
            lib = LibBpf.get();
        } catch (LibBpfUnavailableException e) {
            return io.ebpf4j.internal.ffi.Downcalls.missing(fd, errno, e.getMessage());
        }
        Optional<MemorySegment> sym = lib.find(name);
        if (sym.isEmpty()) {
            return io.ebpf4j.internal.ffi.Downcalls.missing(fd, errno, "libbpf " + lib.version() + " (" + lib.path()
                    + ") has no " + name + "; a newer libbpf has it");
        }
        return io.ebpf4j.internal.ffi.Downcalls.bind(sym.get(), fd, errno);
    }
}
