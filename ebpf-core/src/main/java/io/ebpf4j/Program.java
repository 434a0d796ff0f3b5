package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.libbpf.ProgramCalls;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
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
        ProgramCalls.Info i = ProgramCalls.info(fd.get(), "reading info of program '" + name + "'");
        return new ProgramInfo(i.id(), i.tag(), i.name(), ProgramType.of(i.type()).orElse(ProgramType.UNSPEC),
                i.xlatedLen(), i.jitedLen(), i.verifiedInsns(), i.runTimeNs(), i.runCount());
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
        ProgramCalls.TestRun r = ProgramCalls.testRun(fd.get(), data, repeat,
                "test-running program '" + name + "' (" + type + ")");
        return new TestRunResult(r.retval(), r.durationNs(), r.dataOut());
    }

    @Override
    public String toString() {
        return "Program[" + name + ", " + type + ", section=" + section + "]";
    }
}
