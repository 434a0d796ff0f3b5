package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/** bpf_obj_pin / bpf_obj_get: pinning any BPF object fd in bpffs and opening it again. */
public final class PinCalls {
    private static final MethodHandle PIN = Symbols.libbpf("bpf_obj_pin", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle GET = Symbols.libbpf("bpf_obj_get", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private PinCalls() {}

    /** 0 or -errno. */
    public static int pin(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) PIN.invokeExact(fd, arena.allocateFrom(path));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** A new fd for the object pinned at {@code path}, or -errno. */
    public static int get(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) GET.invokeExact(arena.allocateFrom(path));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
