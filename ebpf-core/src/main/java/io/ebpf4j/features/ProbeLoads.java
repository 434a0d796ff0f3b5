package io.ebpf4j.features;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadResult;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadSpec;
import io.ebpf4j.internal.ffi.Remedies;
import io.ebpf4j.internal.os.LibC;

/**
 * The tiny programs capability probes load (raw instructions, no BPF object), and how their
 * failures read.
 */
final class ProbeLoads {
    /** r0 = 0 (BPF_ALU64 | BPF_MOV | BPF_K). */
    static final long MOV_R0_0 = 0xb7L;
    /** exit (BPF_JMP | BPF_EXIT). */
    static final long EXIT = 0x95L;

    private ProbeLoads() {}

    /** call helper #id (BPF_JMP | BPF_CALL, imm = id). */
    static long call(int helperId) {
        return 0x85L | ((long) helperId << 32);
    }

    /** Loads "r0 = 0; exit" as {@code spec}. */
    static LoadResult returnZero(LoadSpec spec) {
        return ProbeCalls.load(spec, new long[] {MOV_R0_0, EXIT});
    }

    /** Closes a probe's fd when it has one. */
    static void close(int fd) {
        if (fd >= 0) {
            LibC.close(fd);
        }
    }

    /** "EPERM (Operation not permitted)" for a {@code -errno} result. */
    static String errno(int negative) {
        if (negative == ProbeCalls.MISSING_SYMBOL) {
            return "the loaded libbpf lacks the function";
        }
        int n = Math.abs(negative);
        return Errno.nameOf(n) + Errno.of(n).map(e -> " (" + e.description() + ")").orElse("");
    }

    /** Whether a failure means "not allowed to ask", not "the kernel lacks it". */
    static boolean isPrivilegeError(int negative) {
        return negative == -Errno.EPERM.number() || negative == -Errno.EACCES.number();
    }

    /** The availability to report when a probe could not be run for lack of privilege or libbpf. */
    static Availability cannotProbe(int negative, String what) {
        if (negative == ProbeCalls.MISSING_SYMBOL) {
            return Availability.unknown("cannot probe " + what + ": the loaded libbpf lacks the function it needs",
                    "use libbpf 1.0 or newer");
        }
        return Availability.unknown("cannot probe " + what + ": " + errno(negative), Remedies.PRIVILEGE);
    }

    /** The verdict for a probe skipped because this process cannot load programs at all. */
    static Availability notProbed(Availability canLoad) {
        String why = canLoad.detail();
        int cut = why.indexOf(';');
        return Availability.unknown("not probed: " + (cut > 0 ? why.substring(0, cut) : why), canLoad.remedy());
    }

    /** The last line of a verifier log that says something (not the statistics lines), for messages. */
    static String lastLogLine(String log) {
        String[] lines = log.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("processed ") && !l.startsWith("verification time")
                    && !l.startsWith("stack depth")) {
                return l;
            }
        }
        return "";
    }
}
