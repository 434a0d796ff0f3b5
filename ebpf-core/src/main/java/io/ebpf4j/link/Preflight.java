package io.ebpf4j.link;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.Program;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.Tracefs;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Remedies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks made before an attach, so that a missing kernel feature is named instead of a bare errno. */
final class Preflight {
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    private Preflight() {}

    /**
     * The events directory of the mounted tracefs; a BpfException (EACCES) naming the mount, its mode
     * and owner when tracefs is mounted but this process cannot read it; a MissingFeatureException
     * saying how to mount it when it is not mounted.
     */
    static Path tracefsEvents(String target) {
        Optional<Path> events = Tracefs.events();
        if (events.isPresent()) {
            return events.get();
        }
        String problem = Tracefs.problem().orElse("tracefs is not mounted");
        if (Tracefs.mountedButUnreadable()) {
            throw new BpfException("attaching " + target, Errno.EACCES.number(),
                    problem + ": the tracepoint's id cannot be read", Tracefs.REMEDY);
        }
        throw new MissingFeatureException("tracefs", "4.1", problem, Remedies.TRACEFS, null);
    }

    /** Checks a tracepoint name and that the kernel has it. */
    static void tracepointExists(String category, String name) {
        checkName("tracepoint category", category);
        checkName("tracepoint name", name);
        Path events = tracefsEvents("tracepoint " + category + ":" + name);
        if (!Files.isDirectory(events.resolve(category).resolve(name))) {
            throw new BpfException("attaching to tracepoint " + category + ":" + name,
                    "this kernel has no such tracepoint (see " + events.resolve(category) + ")");
        }
    }

    /** Kprobes need CONFIG_KPROBES: the capability report knows whether this kernel has them. */
    static void kprobes(String function) {
        require(KernelFeature.KPROBE_ATTACH, "kprobe on " + function);
    }

    /** Throws the report's MissingFeatureException for {@code feature}, naming {@code what} needed it. */
    static void require(KernelFeature feature, String what) {
        CheckResult r = KernelCapabilities.cached().check(feature);
        if (!r.ok()) {
            throw r.missing().get(0).toException(" (for " + what + ")");
        }
    }

    static void checkName(String what, String value) {
        if (value == null || !EVENT_NAME.matcher(value).matches()) {
            throw new BpfException("checking " + what + " '" + value + "'",
                    "not a valid name (letters, digits, '_', '.', '-'; 1 to 128 characters)");
        }
    }

    static void requireType(Program program, String what, io.ebpf4j.kernel.ProgramType... types) {
        for (io.ebpf4j.kernel.ProgramType t : types) {
            if (program.type() == t) {
                return;
            }
        }
        throw new BpfException("attaching program '" + program.name() + "' as " + what,
                "it is a " + program.type() + " program");
    }
}
