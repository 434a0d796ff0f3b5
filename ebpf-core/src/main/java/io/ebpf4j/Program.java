package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.libbpf.ProgramCalls;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A program loaded into the kernel, owned by its {@link BpfObject}. Attach it with the classes of
 * {@code io.ebpf4j.link} ({@code XdpAttach}, {@code TracepointAttach}, ...).
 *
 * <p>Thread-safe: its methods may be called from any thread while the object is open.
 */
public final class Program {
    static {
        Access.setProgramAccess(MethodHandles.lookup(), new Access.ProgramAccess<Program>() {
            @Override
            public MemorySegment handle(Program program) {
                program.fd.get(); // refuse a closed program
                return program.handle;
            }

            @Override
            public void register(Program program, AutoCloseable link) {
                program.owner.register(link);
            }

            @Override
            public void unregister(Program program, AutoCloseable link) {
                program.owner.unregister(link);
            }
        });
    }

    private final BpfObject owner;
    private final String name;
    private final String section;
    private final ProgramType type;
    private final AttachType expectedAttachType;
    private final Fd fd;
    private final MemorySegment handle;

    Program(BpfObject owner, String name, String section, ProgramType type, AttachType expectedAttachType, Fd fd,
            MemorySegment handle) {
        this.owner = owner;
        this.name = name;
        this.section = section;
        this.type = type;
        this.expectedAttachType = expectedAttachType;
        this.fd = fd;
        this.handle = handle;
    }

    public String name() {
        return name;
    }

    /** The ELF section it came from. */
    public String section() {
        return section;
    }

    public ProgramType type() {
        return type;
    }

    public Optional<AttachType> expectedAttachType() {
        return Optional.ofNullable(expectedAttachType);
    }

    /** The object that owns it. */
    public BpfObject object() {
        return owner;
    }

    /**
     * The program fd, valid while the object is open.
     *
     * @throws io.ebpf4j.kernel.BpfException if the object was closed
     */
    public int fd() {
        return fd.get();
    }

    /** What the kernel reports about this program. */
    public ProgramInfo info() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(ProgramCalls.PROG_INFO_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) ProgramCalls.PROG_INFO_SIZE);
            Check.check(ProgramCalls.objGetInfo(fd.get(), info, len), "reading info of program '" + name + "'");
            byte[] tag = info.asSlice(ProgramCalls.PI_TAG, 8).toArray(ValueLayout.JAVA_BYTE);
            return new ProgramInfo(info.get(ValueLayout.JAVA_INT, ProgramCalls.PI_ID), HexFormat.of().formatHex(tag),
                    info.asSlice(ProgramCalls.PI_NAME, 16).getString(0),
                    ProgramType.of(info.get(ValueLayout.JAVA_INT, ProgramCalls.PI_TYPE)).orElse(ProgramType.UNSPEC),
                    info.get(ValueLayout.JAVA_INT, ProgramCalls.PI_XLATED_LEN),
                    info.get(ValueLayout.JAVA_INT, ProgramCalls.PI_JITED_LEN),
                    info.get(ValueLayout.JAVA_INT, ProgramCalls.PI_VERIFIED_INSNS),
                    info.get(ValueLayout.JAVA_LONG, ProgramCalls.PI_RUN_TIME_NS),
                    info.get(ValueLayout.JAVA_LONG, ProgramCalls.PI_RUN_CNT));
        }
    }

    /**
     * Runs the program on {@code data} in the kernel (BPF_PROG_TEST_RUN), {@code repeat} times.
     * For XDP and tc programs {@code data} is a packet starting at the Ethernet header (at least 14 bytes).
     */
    public TestRunResult testRun(byte[] data, int repeat) {
        Objects.requireNonNull(data, "data");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1: " + repeat);
        }
        if ((type == ProgramType.XDP || type == ProgramType.SCHED_CLS || type == ProgramType.SCHED_ACT) && data.length < 14) {
            throw new IllegalArgumentException("a " + type + " test run needs at least an Ethernet header (14 bytes), got "
                    + data.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, in, ValueLayout.JAVA_BYTE, 0, data.length);
            int outSize = data.length + 256;
            MemorySegment out = arena.allocate(outSize);
            MemorySegment opts = arena.allocate(ProgramCalls.TEST_RUN_OPTS_SIZE, 8);
            opts.set(ValueLayout.JAVA_LONG, 0, ProgramCalls.TEST_RUN_OPTS_SIZE);
            opts.set(ValueLayout.ADDRESS, ProgramCalls.TR_DATA_IN, in);
            opts.set(ValueLayout.JAVA_INT, ProgramCalls.TR_DATA_SIZE_IN, data.length);
            opts.set(ValueLayout.ADDRESS, ProgramCalls.TR_DATA_OUT, out);
            opts.set(ValueLayout.JAVA_INT, ProgramCalls.TR_DATA_SIZE_OUT, outSize);
            opts.set(ValueLayout.JAVA_INT, ProgramCalls.TR_REPEAT, repeat);
            int r = ProgramCalls.testRun(fd.get(), opts);
            if (r < 0) {
                throw Check.error("test-running program '" + name + "' (" + type + ")", -r);
            }
            int produced = Math.min(opts.get(ValueLayout.JAVA_INT, ProgramCalls.TR_DATA_SIZE_OUT), outSize);
            return new TestRunResult(opts.get(ValueLayout.JAVA_INT, ProgramCalls.TR_RETVAL),
                    Integer.toUnsignedLong(opts.get(ValueLayout.JAVA_INT, ProgramCalls.TR_DURATION)),
                    out.asSlice(0, produced).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Override
    public String toString() {
        return "Program[" + name + ", " + type + ", section=" + section + "]";
    }
}
