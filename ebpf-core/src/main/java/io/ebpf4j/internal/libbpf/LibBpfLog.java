package io.ebpf4j.internal.libbpf;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.ErrnoMode;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's own log (libbpf_set_print) into SLF4J, logger {@code io.ebpf4j.libbpf}: LIBBPF_WARN to
 * warn, LIBBPF_INFO to info, LIBBPF_DEBUG to debug. The printf format is expanded with the C library's
 * vsnprintf on the calling thread, only when the level is enabled.
 *
 * <p>libbpf's advice to raise RLIMIT_MEMLOCK is wrong on kernels since 5.11 (memory is charged to the
 * cgroup) and is what users see in place of the real cause (a missing capability); such lines are
 * logged at debug, and ebpf4j's own exceptions say what is really wrong.
 */
final class LibBpfLog {
    static final Logger LOG = LoggerFactory.getLogger("io.ebpf4j.libbpf");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static final int BUFFER_SIZE = 1 << 16;
    private static final ThreadLocal<MemorySegment> BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BUFFER_SIZE));
    private static final C.Vsnprintf VSNPRINTF = Downcalls.libc("vsnprintf", C.Vsnprintf.class, ErrnoMode.RETURNED);

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** {@code va_list} is passed as a pointer on x86_64 and arm64. */
        interface Vsnprintf { int call(MemorySegment buf, long size, MemorySegment format, MemorySegment args); }
        /** {@code libbpf_set_print}: the previous printer. */
        interface SetPrint { MemorySegment call(MemorySegment printer); }
    }

    private LibBpfLog() {}

    static void install(LibBpf lib) {
        var setPrint = lib.find("libbpf_set_print");
        if (setPrint.isEmpty()) {
            return;
        }
        try {
            Linker linker = Linker.nativeLinker();
            // int (*)(enum libbpf_print_level, const char *fmt, va_list): on x86_64 and arm64 a va_list
            // argument is passed as a pointer, so ADDRESS is the right carrier for it.
            FunctionDescriptor printFn = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
            MethodHandle target = MethodHandles.lookup().findStatic(LibBpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = linker.upcallStub(target, printFn, Arena.global());
            MemorySegment previous = Downcalls.bind(C.SetPrint.class, setPrint.get(), ErrnoMode.RETURNED).call(stub);
            LOG.trace("libbpf log routed to SLF4J (previous printer {})", previous);
        } catch (Throwable t) {
            LOG.warn("could not route libbpf's log to SLF4J: {}", t.toString());
        }
    }

    /** The upcall. It must never throw: an exception escaping an upcall ends the JVM. */
    @SuppressWarnings("unused")
    private static int print(int level, MemorySegment fmt, MemorySegment args) {
        try {
            boolean enabled = switch (level) {
                case LIBBPF_WARN -> LOG.isWarnEnabled();
                case LIBBPF_INFO -> LOG.isInfoEnabled();
                default -> LOG.isDebugEnabled();
            };
            boolean captured = level == LIBBPF_WARN && LibBpfWarnings.active();
            if (!enabled && !LOG.isDebugEnabled() && !captured) {
                return 0;
            }
            MemorySegment buf = BUFFER.get();
            int n = VSNPRINTF.call(buf, BUFFER_SIZE, fmt, args);
            if (n < 0) {
                return 0;
            }
            String text = buf.getString(0).stripTrailing();
            if (n >= BUFFER_SIZE) {
                text += " ... (cut at " + BUFFER_SIZE + " bytes)";
            }
            if (captured) {
                LibBpfWarnings.offer(text);
            }
            if (enabled || LOG.isDebugEnabled()) {
                emit(level, text);
            }
        } catch (Throwable t) {
            // Swallow: nothing may leave an upcall.
        }
        return 0;
    }

    static void emit(int level, String text) {
        if (misleading(text)) {
            LOG.debug("{}", text);
            return;
        }
        switch (level) {
            case LIBBPF_WARN -> LOG.warn("{}", text);
            case LIBBPF_INFO -> LOG.info("{}", text);
            default -> LOG.debug("{}", text);
        }
    }

    /** libbpf's hints that point at the wrong cause on modern kernels. */
    static boolean misleading(String text) {
        return text.contains("RLIMIT_MEMLOCK") || text.contains("ulimit -l");
    }
}
