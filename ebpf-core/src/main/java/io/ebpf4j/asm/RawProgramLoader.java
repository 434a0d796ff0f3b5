package io.ebpf4j.asm;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProgLoadCalls;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Loads raw instructions into the kernel with {@code bpf_prog_load} and returns the verifier's verdict
 * and log instead of throwing. Meant for differential tests and tools; the Program API will wrap it.
 *
 * <p>No maps are created or relocated: map references must already hold fds.
 */
public final class RawProgramLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.]{0,15}");

    private RawProgramLoader() {}

    /**
     * The outcome of a load: the program, owned by this result, or the kernel's errno; and the verifier log.
     * Close it to close the program's fd.
     */
    public static final class Result implements AutoCloseable {
        private final Fd fd; // null when the kernel refused the program
        private final int errno;
        private final String log;

        private Result(Fd fd, int errno, String log) {
            this.fd = fd;
            this.errno = errno;
            this.log = Objects.requireNonNull(log, "log");
        }

        /**
         * The program's descriptor number when the kernel accepted it, a borrowed view: this result owns
         * the fd and closes it in {@link #close()}. Pass it to calls that take a program fd (e.g.
         * {@code ProgArray.set}); do not close it.
         *
         * @throws io.ebpf4j.kernel.BpfException if this result was closed
         */
        public OptionalInt fd() {
            return fd == null ? OptionalInt.empty() : OptionalInt.of(fd.get());
        }

        /** Why the kernel refused the program (e.g. {@link Errno#EACCES} from the verifier); empty when it accepted it. */
        public Optional<Errno> errno() {
            return errno == 0 ? Optional.empty() : Errno.of(errno);
        }

        /** The raw errno number when the kernel refused the program, 0 when it accepted it. */
        public int errnoNumber() {
            return errno;
        }

        /** The verifier log (on success only when a log level above 0 was asked for). */
        public String log() {
            return log;
        }

        /** Whether the kernel accepted the program. */
        public boolean loaded() {
            return fd != null;
        }

        /** Whether {@link #close()} was called. */
        public boolean isClosed() {
            return fd != null && fd.isClosed();
        }

        /** Closes the program's fd, if it was loaded. Idempotent. */
        @Override
        public void close() {
            if (fd != null) {
                fd.close();
            }
        }

        @Override
        public String toString() {
            return fd == null ? "Result[refused, " + Errno.nameOf(errno) + "]" : "Result[" + fd + "]";
        }
    }

    /** Loads {@code insns} as a program of {@code type}; the log is captured on failure. */
    public static Result load(ProgramType type, String name, String license, List<? extends Instruction> insns) {
        return load(type, Optional.empty(), name, license, insns, 0);
    }

    /**
     * Loads {@code insns}.
     *
     * @param type       program type
     * @param attach     expected attach type, for the program types that need one
     * @param name       program name: at most 15 of {@code [A-Za-z0-9_.]}
     * @param license    license string (GPL-only helpers need a GPL-compatible one)
     * @param insns      instructions (at least one)
     * @param logLevel   0 = log on failure only, 1 = always, 2 = verbose
     */
    public static Result load(ProgramType type, Optional<AttachType> attach, String name, String license,
            List<? extends Instruction> insns, int logLevel) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attach, "attach");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(insns, "insns");
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("program name '" + name + "' must be at most 15 of [A-Za-z0-9_.]");
        }
        if (license.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("license must not contain NUL");
        }
        if (insns.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one instruction");
        }
        if (logLevel < 0 || logLevel > 2) {
            throw new IllegalArgumentException("log level must be 0, 1 or 2, got " + logLevel);
        }
        byte[] bytes = Instructions.encode(insns);
        ProgLoadCalls.Outcome out;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(bytes.length, 8);
            MemorySegment.copy(bytes, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            out = ProgLoadCalls.load(type.value(), name, license, seg, bytes.length / Instructions.SLOT_BYTES,
                    attach.map(AttachType::value).orElse(0), logLevel);
        }
        if (out.result() >= 0) {
            return new Result(Fd.owned(out.result(), "BPF program '" + (name == null ? "" : name) + "'"), 0, out.log());
        }
        return new Result(null, -out.result(), out.log());
    }
}
