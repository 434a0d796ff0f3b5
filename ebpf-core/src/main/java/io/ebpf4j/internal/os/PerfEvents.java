package io.ebpf4j.internal.os;

import static io.ebpf4j.internal.ffi.ErrnoMode.CAPTURED;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * perf_event_open(2) (through syscall(2): the C library has no wrapper) for the BPF output events that
 * back a BPF_MAP_TYPE_PERF_EVENT_ARRAY, and the ioctl that enables them.
 */
public final class PerfEvents {
    /** Offsets in struct perf_event_mmap_page (the first mmapped page). */
    public static final long DATA_HEAD = 1024;
    public static final long DATA_TAIL = 1032;
    public static final long DATA_OFFSET = 1040;
    public static final long DATA_SIZE = 1048;
    /** perf_event_header.type values. */
    public static final int RECORD_LOST = 2;
    public static final int RECORD_SAMPLE = 9;

    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final long PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final int ATTR_SIZE = 112; // PERF_ATTR_SIZE_VER5 (kernel 4.1+)
    private static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    private static final long SYS_PERF_EVENT_OPEN = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 298;
        case "aarch64", "riscv64", "loongarch64" -> 241;
        case "ppc64le", "ppc64" -> 319;
        case "s390x" -> 331;
        default -> -1;
    };

    /** The C functions bound here (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, flags); variadic after the number. */
        interface PerfEventOpen {
            long call(long number, MemorySegment attr, long pid, long cpu, long groupFd, long flags);
        }
        /** ioctl(fd, request, arg); variadic after the request. */
        interface Ioctl { int call(int fd, long request, long arg); }
    }

    private static final C.PerfEventOpen SYSCALL = Downcalls.libcVariadic("syscall", C.PerfEventOpen.class, CAPTURED, 1);
    private static final C.Ioctl IOCTL = Downcalls.libcVariadic("ioctl", C.Ioctl.class, CAPTURED, 2);

    private PerfEvents() {}

    /**
     * Opens a PERF_COUNT_SW_BPF_OUTPUT event on {@code cpu} (any process) sampling raw data, waking a
     * poller after every {@code wakeupEvents} samples, and enables it.
     */
    public static Fd openBpfOutput(int cpu, int wakeupEvents) {
        if (SYS_PERF_EVENT_OPEN < 0) {
            throw new BpfException("opening a perf event", "unknown perf_event_open syscall number for architecture "
                    + System.getProperty("os.arch"));
        }
        String op = "opening a BPF output perf event on CPU " + cpu + " (perf_event_open)";
        long r;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8).fill((byte) 0);
            attr.set(ValueLayout.JAVA_INT, 0, PERF_TYPE_SOFTWARE);
            attr.set(ValueLayout.JAVA_INT, 4, ATTR_SIZE);
            attr.set(ValueLayout.JAVA_LONG, 8, PERF_COUNT_SW_BPF_OUTPUT);
            attr.set(ValueLayout.JAVA_LONG, 16, 1L); // sample_period
            attr.set(ValueLayout.JAVA_LONG, 24, PERF_SAMPLE_RAW);
            attr.set(ValueLayout.JAVA_INT, 48, wakeupEvents);
            r = SYSCALL.call(SYS_PERF_EVENT_OPEN, attr, -1L, cpu, -1L, PERF_FLAG_FD_CLOEXEC);
        }
        if (r < 0) {
            int errno = (int) -r;
            throw new BpfException(op, errno, null, errno == Errno.EPERM.number() || errno == Errno.EACCES.number()
                    ? "needs CAP_PERFMON (or CAP_SYS_ADMIN), or kernel.perf_event_paranoid <= 1"
                    : Check.error(OpKind.SYSTEM, op, errno).remedy().orElse(null));
        }
        Fd fd = Fd.owned((int) r, "perf event on CPU " + cpu);
        try {
            Check.check(IOCTL.call(fd.get(), PERF_EVENT_IOC_ENABLE, 0L), OpKind.SYSTEM, "enabling the perf event on CPU " + cpu);
            return fd;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }
}
