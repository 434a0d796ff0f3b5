package io.ebpf4j.internal.libbpf;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.ErrnoMode;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.LibBpfUnavailableException;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Binds libbpf's functions to the binding classes' functional interfaces, once, for
 * {@code static final} fields; the mechanism is {@link Downcalls#bind}.
 *
 * <p>Binding never fails: when libbpf is unavailable, or the loaded libbpf lacks the symbol, the
 * binding throws a {@link BpfException} naming what is missing when it is called. Callers that can
 * degrade ask {@link LibBpf#has(String)} first.
 */
final class Symbols {
    private Symbols() {}

    /**
     * Binds libbpf's {@code name} to {@code fn}. libbpf 1.x returns {@code -errno} from its int
     * functions ({@link ErrnoMode#RETURNED}); its pointer-returning ones set errno
     * ({@link ErrnoMode#CAPTURED}).
     */
    static <T> T bind(String name, Class<T> fn, ErrnoMode errno) {
        LibBpf lib;
        try {
            lib = LibBpf.get();
        } catch (LibBpfUnavailableException e) {
            return Downcalls.missing(fn, e.getMessage());
        }
        Optional<MemorySegment> sym = lib.find(name);
        if (sym.isEmpty()) {
            return Downcalls.missing(fn, "libbpf " + lib.version() + " (" + lib.path() + ") has no " + name
                    + "; a newer libbpf has it");
        }
        return Downcalls.bind(fn, sym.get(), errno);
    }
}
