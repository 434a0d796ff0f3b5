package io.ebpf4j.internal.os;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** uname(2): the running kernel's release and machine. */
public final class Uname {
    /** Linux's _UTSNAME_LENGTH: every field of struct utsname is a char array of this size. */
    private static final int FIELD = 65;
    private static final int FIELDS = 6;
    private static final MethodHandle UNAME = Downcalls.libcErrno("uname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /** The fields of struct utsname ebpf4j uses. */
    public record Info(String sysname, String release, String version, String machine) {}

    private Uname() {}

    /** The kernel's uname, or empty if the call failed. */
    public static Optional<Info> get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate((long) FIELD * FIELDS);
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) UNAME.invokeExact(cs, buf);
            if (r != 0) {
                return Optional.empty();
            }
            return Optional.of(new Info(field(buf, 0), field(buf, 2), field(buf, 3), field(buf, 4)));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    private static String field(MemorySegment buf, int index) {
        return buf.asSlice((long) index * FIELD, FIELD).getString(0, StandardCharsets.UTF_8);
    }
}
