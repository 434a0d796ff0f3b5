package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** uname(2): the running kernel's release and machine. */
public final class Uname {
    /** Linux's _UTSNAME_LENGTH: every field of struct utsname is a char array of this size. */
    private static final int FIELD = 65;
    private static final int FIELDS = 6;

    /** The C function bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Get { int call(MemorySegment buf); }
    }

    private static final C.Get UNAME = Downcalls.libc("uname", C.Get.class, CAPTURED);

    /** The fields of struct utsname ebpf4j uses. */
    public record Info(String sysname, String release, String version, String machine) {}

    private Uname() {}

    /** The kernel's uname, or empty if the call failed. */
    public static Optional<Info> get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate((long) FIELD * FIELDS);
            if (UNAME.call(buf) != 0) {
                return Optional.empty();
            }
            return Optional.of(new Info(field(buf, 0), field(buf, 2), field(buf, 3), field(buf, 4)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String field(MemorySegment buf, int index) {
        return buf.asSlice((long) index * FIELD, FIELD).getString(0, StandardCharsets.UTF_8);
    }
}
