package io.ebpf4j.internal.os;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.CapturedErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

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

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));

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
        Fd fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8).fill((byte) 0);
            attr.set(ValueLayout.JAVA_INT, 0, PERF_TYPE_SOFTWARE);
            attr.set(ValueLayout.JAVA_INT, 4, ATTR_SIZE);
            attr.set(ValueLayout.JAVA_LONG, 8, PERF_COUNT_SW_BPF_OUTPUT);
            attr.set(ValueLayout.JAVA_LONG, 16, 1L); // sample_period
            attr.set(ValueLayout.JAVA_LONG, 24, PERF_SAMPLE_RAW);
            attr.set(ValueLayout.JAVA_INT, 48, wakeupEvents);
            MemorySegment cs = CapturedErrno.captureSegment();
            long r = (long) SYSCALL.invokeExact(cs, SYS_PERF_EVENT_OPEN, attr, -1L, (long) cpu, -1L, PERF_FLAG_FD_CLOEXEC);
            if (r < 0) {
                int errno = CapturedErrno.read(cs);
                throw new BpfException(op, errno, null, errno == 1 || errno == 13
                        ? "needs CAP_PERFMON (or CAP_SYS_ADMIN), or kernel.perf_event_paranoid <= 1"
                        : Check.error(op, errno).remedy().orElse(null));
            }
            fd = Fd.owned((int) r, "perf event on CPU " + cpu);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        try {
            MemorySegment cs = CapturedErrno.captureSegment();
            int r = (int) IOCTL.invokeExact(cs, fd.get(), PERF_EVENT_IOC_ENABLE, 0L);
            if (r < 0) {
                throw Check.error("enabling the perf event on CPU " + cpu, CapturedErrno.read(cs));
            }
            return fd;
        } catch (Throwable t) {
            fd.close();
            throw t instanceof BpfException b ? b : Downcalls.rethrow(t);
        }
    }
}
