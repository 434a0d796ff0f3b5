package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.kernel.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * {@code bpf_prog_load(3)} with {@code struct bpf_prog_load_opts} as laid out by libbpf 1.0/1.1
 * (its last field is {@code log_buf}; {@code sz} is set to that size, so newer libbpfs accept it).
 *
 * <p>The verifier log is captured into a buffer that grows when the kernel reports ENOSPC (the log did
 * not fit; the kernel then reports ENOSPC instead of the verifier's own error), up to a cap.
 */
public final class ProgLoadCalls {
    /** libbpf 1.0/1.1 layout of struct bpf_prog_load_opts. */
    static final StructLayout OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_INT.withName("attempts"),
            JAVA_INT.withName("expected_attach_type"),
            JAVA_INT.withName("prog_btf_fd"),
            JAVA_INT.withName("prog_flags"),
            JAVA_INT.withName("prog_ifindex"),
            JAVA_INT.withName("kern_version"),
            JAVA_INT.withName("attach_btf_id"),
            JAVA_INT.withName("attach_prog_fd"),
            JAVA_INT.withName("attach_btf_obj_fd"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("fd_array"),
            ADDRESS.withName("func_info"),
            JAVA_INT.withName("func_info_cnt"),
            JAVA_INT.withName("func_info_rec_size"),
            ADDRESS.withName("line_info"),
            JAVA_INT.withName("line_info_cnt"),
            JAVA_INT.withName("line_info_rec_size"),
            JAVA_INT.withName("log_level"),
            JAVA_INT.withName("log_size"),
            ADDRESS.withName("log_buf"));
    private static final VarHandle SZ = field("sz");
    private static final VarHandle EXPECTED_ATTACH_TYPE = field("expected_attach_type");
    private static final VarHandle LOG_LEVEL = field("log_level");
    private static final VarHandle LOG_SIZE = field("log_size");
    private static final VarHandle LOG_BUF = field("log_buf");

    /** The C function bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface ProgLoad {
            int call(int progType, MemorySegment name, MemorySegment license, MemorySegment insns, long count,
                    MemorySegment opts);
        }
    }

    private static final C.ProgLoad BPF_PROG_LOAD = Symbols.bind("bpf_prog_load", C.ProgLoad.class, RETURNED);

    /** First verifier log buffer size. */
    public static final int INITIAL_LOG_SIZE = 64 * 1024;
    /** Largest verifier log buffer tried (the kernel's own cap is 1 GiB). */
    public static final int MAX_LOG_SIZE = 64 * 1024 * 1024;

    private ProgLoadCalls() {}

    /**
     * What a load gave: a program fd ({@code result >= 0}, owned by the caller) or {@code -errno}, and
     * the verifier log (empty when none was produced).
     */
    public record Outcome(int result, String log) {}

    /**
     * Loads a program.
     *
     * @param progType           enum bpf_prog_type
     * @param name               program name (at most 15 characters) or null
     * @param license            license string, e.g. "GPL"
     * @param insns              the instructions, {@code 8 * count} bytes
     * @param count              number of 8-byte slots
     * @param expectedAttachType enum bpf_attach_type, or 0
     * @param logLevel           0: log only on failure (libbpf retries with level 1), 1: always, 2: verbose
     */
    public static Outcome load(int progType, String name, String license, MemorySegment insns, long count,
            int expectedAttachType, int logLevel) {
        if (insns.byteSize() < count * 8) {
            throw new IllegalArgumentException("instruction segment holds " + insns.byteSize() + " bytes, not " + count * 8);
        }
        int logSize = INITIAL_LOG_SIZE;
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment log = arena.allocate(logSize);
                MemorySegment opts = arena.allocate(OPTS);
                SZ.set(opts, 0L, OPTS.byteSize());
                EXPECTED_ATTACH_TYPE.set(opts, 0L, expectedAttachType);
                LOG_LEVEL.set(opts, 0L, logLevel);
                LOG_SIZE.set(opts, 0L, logSize);
                LOG_BUF.set(opts, 0L, log);
                MemorySegment cName = name == null ? MemorySegment.NULL : arena.allocateFrom(name, StandardCharsets.UTF_8);
                MemorySegment cLicense = arena.allocateFrom(license, StandardCharsets.UTF_8);
                int ret = BPF_PROG_LOAD.call(progType, cName, cLicense, insns, count, opts);
                if (ret == -Errno.ENOSPC.number() && logSize < MAX_LOG_SIZE) {
                    logSize *= 4;
                    continue;
                }
                return new Outcome(ret, log.getString(0, StandardCharsets.UTF_8));
            }
        }
    }

    /** bpf_prog_load itself: a program fd or -errno; {@code opts} may be NULL. */
    static int progLoad(int progType, MemorySegment name, MemorySegment license, MemorySegment insns, long count,
            MemorySegment opts) {
        return BPF_PROG_LOAD.call(progType, name, license, insns, count, opts);
    }

    private static VarHandle field(String name) {
        return OPTS.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
