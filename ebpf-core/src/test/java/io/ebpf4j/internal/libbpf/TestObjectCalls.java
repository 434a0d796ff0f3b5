package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;

import io.ebpf4j.internal.os.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Test-only: opens a BPF object with libbpf (without loading it) so that BTF tests can wrap the BTF
 * libbpf owns, as the object loader does. The real object bindings belong to the loader.
 */
public final class TestObjectCalls {
    private static final MethodHandle OPEN = Downcalls.libbpfErrno("bpf_object__open_file",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BTF = Downcalls.libbpf("bpf_object__btf", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = Downcalls.libbpf("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));

    private TestObjectCalls() {}

    /** {@code bpf_object__open_file(path, NULL)}; throws on failure. */
    public static MemorySegment open(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Errno.captureSegment();
            MemorySegment obj = (MemorySegment) OPEN.invokeExact(cs, arena.allocateFrom(path), MemorySegment.NULL);
            if (obj.equals(MemorySegment.NULL)) {
                throw Check.error("bpf_object__open_file(" + path + ")", Errno.read(cs));
            }
            return obj;
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** {@code bpf_object__btf(obj)}. */
    public static MemorySegment btf(MemorySegment obj) {
        try {
            return (MemorySegment) BTF.invokeExact(obj);
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** {@code bpf_object__close(obj)}. */
    public static void close(MemorySegment obj) {
        try {
            CLOSE.invokeExact(obj);
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }
}
