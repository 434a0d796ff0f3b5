package io.ebpf4j;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.VerifierException;
import io.ebpf4j.kernel.VerifierLog;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.Requirement;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LibBpfWarnings;
import io.ebpf4j.internal.libbpf.NativeObject;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import io.ebpf4j.internal.ffi.Remedies;
import io.ebpf4j.validate.Finding;
import io.ebpf4j.validate.Policy;
import io.ebpf4j.validate.ValidationException;
import io.ebpf4j.validate.ValidationReport;
import io.ebpf4j.validate.Validator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@link ObjectSpec} into a live {@link BpfObject}: opens a fresh libbpf object from the
 * spec's bytes, applies every change made to the spec, loads, and on failure explains it. First, unless
 * the options turn it off, every program to load is validated (see {@link LoadOptions}). A verifier
 * log the kernel cut (ENOSPC) is retried from scratch with a buffer four times larger. When libbpf
 * refuses without a verifier log, the warnings it printed say why ({@link LibBpfRefusal}).
 */
final class ObjectLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectLoader.class);

    private ObjectLoader() {}

    static BpfObject load(ObjectSpec spec, LoadOptions options) {
        options.validation().ifPresent(policy -> validate(spec, policy));
        MapMemoryCheck.check(spec);
        int logSize = options.logSize();
        while (true) {
            NativeObject obj = open(spec.elf(), spec.name(), spec.options());
            boolean handedOver = false;
            // One log buffer per program, only for the duration of the load: the program that failed is
            // the one whose buffer the kernel wrote into (libbpf unloads the others on failure).
            try (Arena logs = Arena.ofConfined(); LibBpfWarnings warnings = LibBpfWarnings.capture()) {
                Map<String, MemorySegment> logBuffers = apply(spec, obj, logs, logSize, options.logLevel());
                int ret = ObjectCalls.load(obj.handle());
                if (ret >= 0) {
                    BpfObject loaded = BpfObject.wrap(spec, obj);
                    handedOver = true;
                    return loaded;
                }
                int errno = -ret;
                String failing = null;
                String log = "";
                for (Map.Entry<String, MemorySegment> e : logBuffers.entrySet()) {
                    String text = e.getValue().getString(0);
                    if (!text.isEmpty()) {
                        failing = e.getKey();
                        log = text;
                    }
                }
                boolean cut = errno == Errno.ENOSPC.number() && log.length() >= logSize - 256;
                if (cut && logSize < options.maxLogSize()) {
                    LOG.debug("verifier log of program '{}' cut at {} bytes; retrying with a larger buffer", failing, logSize);
                    logSize = (int) Math.min((long) logSize * 4, options.maxLogSize());
                    continue;
                }
                throw failure(spec, failing, errno, log, warnings.lines());
            } finally {
                if (!handedOver) {
                    obj.close();
                }
            }
        }
    }

    /**
     * Opens a libbpf object from {@code elf}; when libbpf refuses it, the exception says why (from libbpf's
     * warnings: a legacy {@code maps} section, ...).
     */
    static NativeObject open(byte[] elf, String name, OpenOptions options) {
        try (LibBpfWarnings warnings = LibBpfWarnings.capture()) {
            try {
                return NativeObject.open(elf, name, options.btfCustomPath(), options.pinRoot());
            } catch (BpfException e) {
                List<String> lines = warnings.lines();
                BpfException better = LibBpfRefusal.explain(e.operation(), e.errnoNumber(), lines)
                        .orElseGet(() -> LibBpfRefusal.firstWarning(lines).map(w -> new BpfException(e.operation(),
                                e.errnoNumber(), "libbpf could not parse it: " + w, e.remedy().orElse(null), e)).orElse(e));
                if (better != e) {
                    better.addSuppressed(e);
                }
                throw better;
            }
        }
    }

    /**
     * Validates every autoload program, linked as libbpf will link it, before libbpf opens anything.
     * Warnings are logged; errors throw.
     */
    private static void validate(ObjectSpec spec, Policy policy) {
        ValidationReport report = spec.linkedPrograms().validate(Validator.builder().policy(policy).build());
        for (Finding warning : report.warnings()) {
            LOG.warn("object '{}': {}", spec.name(), warning);
        }
        if (!report.ok()) {
            throw ValidationException.beforeLoad(spec.name(), report.errors());
        }
    }

    /** Applies the spec's changes to the opened object; returns the log buffer of each autoload program. */
    private static Map<String, MemorySegment> apply(ObjectSpec spec, NativeObject obj, Arena logs, int logSize,
                                                    int logLevel) {
        Map<String, byte[]> data = spec.sectionData();
        Map<String, MemorySegment> logBuffers = new LinkedHashMap<>();
        for (MemorySegment p : obj.programs()) {
            String name = ObjectCalls.programName(p);
            ProgramSpec ps = spec.program(name);
            Check.check(ObjectCalls.setProgramAutoload(p, ps.autoload()), OpKind.LOAD, "setting autoload of program '" + name + "'");
            if (ObjectCalls.programType(p) != ps.type().value()) {
                Check.check(ObjectCalls.setProgramType(p, ps.type().value()), OpKind.LOAD, "setting the type of program '" + name + "'");
            }
            ps.expectedAttachType().ifPresent(a -> Check.check(ObjectCalls.setProgramExpectedAttachType(p, a.value()), OpKind.LOAD,
                    "setting the expected attach type of program '" + name + "'"));
            if (ps.autoload()) {
                MemorySegment logBuf = logs.allocate(logSize);
                logBuffers.put(name, logBuf);
                Check.check(ObjectCalls.setProgramLogBuf(p, logBuf, logSize), OpKind.LOAD, "setting the log buffer of '" + name + "'");
                if (logLevel > 0) {
                    Check.check(ObjectCalls.setProgramLogLevel(p, logLevel), OpKind.LOAD, "setting the log level of '" + name + "'");
                }
            }
        }
        for (MemorySegment m : obj.maps()) {
            String name = ObjectCalls.mapName(m);
            ObjectMapSpec ms = spec.map(name);
            if (!ms.isInternal() && ObjectCalls.mapMaxEntries(m) != ms.maxEntries()) {
                Check.check(ObjectCalls.setMapMaxEntries(m, ms.maxEntries()), OpKind.LOAD, "resizing map '" + name + "'");
            }
            if (ms.pinPath().isPresent()) {
                Check.check(ObjectCalls.setMapPinPath(m, obj.arena().allocateFrom(ms.pinPath().get().toString())), OpKind.LOAD,
                        "setting the pin path of map '" + name + "'");
            }
            if (ms.reusedFd().isPresent()) {
                Check.check(ObjectCalls.reuseMapFd(m, ms.reusedFd().getAsInt()), OpKind.LOAD, "reusing an fd for map '" + name + "'");
            }
            byte[] init = data.get(name);
            if (init != null) {
                MemorySegment seg = obj.arena().allocate(init.length, 8);
                MemorySegment.copy(init, 0, seg, ValueLayout.JAVA_BYTE, 0, init.length);
                Check.check(ObjectCalls.setMapInitialValue(m, seg, init.length), OpKind.LOAD, "setting the globals of '" + name + "'");
            }
        }
        return logBuffers;
    }

    /** The exception that best explains a failed load. */
    private static BpfException failure(ObjectSpec spec, String failing, int errno, String log, List<String> warnings) {
        String op = "loading object '" + spec.name() + "'" + (failing != null ? " (program '" + failing + "')" : "");
        if (failing != null && !log.isBlank() && errno != Errno.EPERM.number()) {
            return new VerifierException(failing, errno, log, hint(spec.program(failing), log));
        }
        // libbpf refused before the kernel saw a program (an extern this kernel lacks, a section it does
        // not know, ...): its warnings say why.
        java.util.Optional<BpfException> refusal = LibBpfRefusal.explain(op, errno, warnings);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        // No verifier log: the kernel refused before verifying. Ask the capability report whether the
        // program needs something this kernel lacks, rather than guessing from the errno.
        CapabilityReport report = KernelCapabilities.cached();
        // Without a log libbpf does not say which program failed: check the one we know, else every
        // program that was to be loaded.
        List<ProgramSpec> suspects = failing != null ? List.of(spec.program(failing))
                : spec.programs().stream().filter(ProgramSpec::autoload).toList();
        for (ProgramSpec suspect : suspects) {
            CheckResult needs = report.check(requirementsOf(suspect));
            if (!needs.ok()) {
                return needs.missing().get(0).toException(" (needed by program '" + suspect.name() + "' of object '"
                        + spec.name() + "')");
            }
        }
        if (errno == Errno.EPERM.number() || errno == Errno.EACCES.number()) {
            if (!report.privileges().canLoadPrograms()) {
                return new BpfException(op, errno, null, Remedies.PRIVILEGE);
            }
            return new BpfException(op, errno, "the kernel refused it although this process holds the BPF privileges",
                    "check what kernel lockdown (mode " + report.lockdown().mode() + ") and this kernel allow: `ebpf4j doctor`");
        }
        if (failing != null && !log.isBlank()) {
            return new VerifierException(failing, errno, log, VerifierLog.parse(log).hint().orElse(null));
        }
        return new BpfException(op, errno, LibBpfRefusal.firstWarning(warnings).map(w -> "libbpf: " + w)
                .orElse("see the libbpf log (logger io.ebpf4j.libbpf) for the step that failed"), Remedies.forErrno(OpKind.LOAD, errno));
    }

    private static final java.util.regex.Pattern HELPER = java.util.regex.Pattern.compile("helper (bpf_\\w+)#\\d+");

    /**
     * The verifier log's hint; for a helper the program may not call, what the capability report knows
     * about why (a program-type restriction, a kernel too old, lockdown) is added to it.
     */
    private static String hint(ProgramSpec program, String log) {
        VerifierLog analysis = VerifierLog.parse(log);
        String hint = analysis.hint().orElse(null);
        if (analysis.error().orElse("").contains("failed to find the address for kernel symbol")) {
            hint = hint + " (this kernel: " + KernelCapabilities.cached().config().describe("CONFIG_KALLSYMS_ALL") + ")";
        }
        java.util.regex.Matcher m = HELPER.matcher(analysis.error().orElse(""));
        if (m.find()) {
            io.ebpf4j.features.Availability a = KernelCapabilities.cached()
                    .availability(new io.ebpf4j.features.HelperRequirement(program.type(), m.group(1)));
            // The report's detail repeats the verifier's words, then adds what it knows beyond them after "; ".
            int extra = a.detail().indexOf("; ");
            if (!a.isAvailable() && extra >= 0) {
                hint = (hint == null ? "" : hint + ". ") + "For " + m.group(1) + " here: " + a.detail().substring(extra + 2);
            }
        }
        return hint;
    }

    /** What the kernel must offer to load a program: its type, and for trampolines the attach kind. */
    static List<Requirement> requirementsOf(ProgramSpec program) {
        List<Requirement> out = new ArrayList<>();
        out.add(program.type());
        AttachType attach = program.expectedAttachType().orElse(null);
        if (program.type() == ProgramType.TRACING && (attach == AttachType.TRACE_FENTRY || attach == AttachType.TRACE_FEXIT
                || attach == AttachType.MODIFY_RETURN)) {
            out.add(KernelFeature.FENTRY_ATTACH);
        }
        if (program.type() == ProgramType.LSM) {
            out.add(KernelFeature.LSM_ATTACH);
        }
        return out;
    }
}
