package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Network interface lookups (if_nametoindex) in the calling thread's network namespace. */
public final class Net {
    private static final MethodHandle IF_NAMETOINDEX = Downcalls.libcErrno("if_nametoindex",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final int IFNAMSIZ = 16;

    private Net() {}

    /**
     * The index of interface {@code name}.
     *
     * @throws BpfException naming the interface when it does not exist or the name is invalid
     */
    public static int ifindex(String name) {
        if (name == null || name.isEmpty() || name.length() >= IFNAMSIZ || name.contains("/") || name.contains("\0")
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new BpfException("looking up interface '" + name + "'",
                    "not a valid interface name (1 to 15 characters, no '/', no white space)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = CapturedErrno.captureSegment();
            int idx = (int) IF_NAMETOINDEX.invokeExact(cs, arena.allocateFrom(name));
            if (idx == 0) {
                int errno = CapturedErrno.read(cs);
                throw new BpfException("looking up interface '" + name + "'", errno,
                        "no such interface in this network namespace",
                        "check the name with `ip link`; interfaces in another network namespace are not visible here");
            }
            return idx;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
