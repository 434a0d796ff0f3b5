package io.ebpf4j.examples;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.LoadOptions;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramInfo;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.kernel.VerifierException;
import io.ebpf4j.kernel.VerifierLog;
import io.ebpf4j.validate.ObjectPrograms;
import io.ebpf4j.validate.ValidationReport;
import io.ebpf4j.validate.Validator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ebpf4j load FILE.o}: loads an object into the kernel as libbpf (and {@code bpftool prog loadall})
 * does, every autoload program at once with its maps, and says for each program whether the kernel
 * accepts it. When the object as a whole is refused, each program is then loaded alone, to say which
 * are refused and why (the verifier's reasons, a kernel feature or libbpf release that is missing).
 * Programs with autoload off ({@code SEC("?...")}) are skipped unless named with {@code -p}. Everything
 * is unloaded before the command returns. The programs are validated first (structure and the default
 * policy, on the instructions linked as the kernel gets them): a violating object is not loaded at all
 * ({@code --no-validate} skips validation). Exit code 0: all load; 1: validation fails or some programs
 * are refused; 2: the file or the system cannot be used.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load a BPF object file as libbpf does and report what the kernel says about each program; unload on exit.")
public final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.o", description = "a BPF ELF object (clang -target bpf)")
    Path file;

    @Option(names = {"-p", "--program"}, description = "only these programs (repeatable; loads them even with autoload off)")
    List<String> programs = new ArrayList<>();

    @Option(names = "--log", description = "print the whole verifier log of refused programs, not only its tail")
    boolean wholeLog;

    @Option(names = "--log-level", description = "verifier log level of the first attempt (0-2; a refused program is always logged)")
    int logLevel;

    @Option(names = "--no-validate", description = "load without validating first (the kernel's verifier is the only check)")
    boolean noValidate;

    /** Set when the process lacks the privilege to load anything: nothing more is tried. */
    private BpfException denied;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ObjectSpec spec;
        try {
            spec = ObjectSpec.open(file);
        } catch (BpfException e) {
            System.err.println("ebpf4j load: " + e.getMessage());
            return 2;
        }
        for (String wanted : programs) {
            if (spec.findProgram(wanted).isEmpty()) {
                System.err.println("ebpf4j load: " + file + " has no program '" + wanted + "'; it has: "
                        + String.join(", ", spec.programs().stream().map(ProgramSpec::name).toList()));
                return 2;
            }
        }
        List<ProgramSpec> chosen = new ArrayList<>();
        List<ProgramSpec> skipped = new ArrayList<>();
        for (ProgramSpec p : spec.programs()) {
            boolean wanted = programs.isEmpty() ? p.autoload() : programs.contains(p.name());
            (wanted ? chosen : skipped).add(p);
        }
        if (!noValidate && !validate(out, spec, chosen)) {
            return 1;
        }
        out.printf("Loading %s: %d program(s), %s%n", file, chosen.size(), ObjectCounts.maps(spec));
        int refused = loadTogether(out, spec, chosen) ? 0 : loadOneByOne(out, spec, chosen);
        if (denied != null) {
            System.err.println("ebpf4j load: " + denied.getMessage());
            return 2;
        }
        for (ProgramSpec p : skipped) {
            out.printf("%s SKIPPED  %s%n", head(p), p.autoload() ? "not chosen with -p"
                    : "autoload off (SEC(\"?" + p.section() + "\")); -p " + p.name() + " loads it");
        }
        out.printf("%d of %d program(s) load; all unloaded.%n", chosen.size() - refused, chosen.size());
        return refused == 0 ? 0 : 1;
    }

    /** Loads the chosen programs in one object, as libbpf does; true (and each printed OK) when it loads. */
    private boolean loadTogether(PrintStream out, ObjectSpec spec, List<ProgramSpec> chosen) {
        ObjectSpec all = spec.copy();
        all.programs().forEach(ps -> ps.setAutoload(chosen.stream().anyMatch(c -> c.name().equals(ps.name()))));
        // validated above (or --no-validate): the load itself does not validate again
        try (BpfObject obj = all.load(LoadOptions.DEFAULTS.withLogLevel(logLevel).withoutValidation())) {
            for (ProgramSpec p : chosen) {
                printLoaded(out, p, obj.program(p.name()));
            }
            out.printf("  %d map(s) created%n", obj.mapNames().size());
            return true;
        } catch (BpfException e) {
            if (noPrivilege(e)) {
                denied = e;
                return false;
            }
            if (chosen.size() == 1) {
                report(out, chosen.get(0), e);
                return false;
            }
            out.printf("  the object as a whole is refused (%s); loading each program alone:%n", firstLine(e));
            return false;
        }
    }

    /** Loads each chosen program alone; prints each verdict; the number refused. */
    private int loadOneByOne(PrintStream out, ObjectSpec spec, List<ProgramSpec> chosen) {
        if (denied != null || chosen.size() == 1) {
            return 1; // loadTogether already reported it
        }
        int refused = 0;
        for (ProgramSpec p : chosen) {
            ObjectSpec one = spec.copy();
            one.programs().forEach(ps -> ps.setAutoload(ps.name().equals(p.name())));
            try (BpfObject obj = one.load(LoadOptions.DEFAULTS.withLogLevel(logLevel).withoutValidation())) {
                printLoaded(out, p, obj.program(p.name()));
            } catch (BpfException e) {
                if (noPrivilege(e)) {
                    denied = e;
                    return refused;
                }
                refused++;
                report(out, p, e);
            }
        }
        return refused;
    }

    private static void printLoaded(PrintStream out, ProgramSpec p, Program loaded) {
        ProgramInfo info = loaded.info();
        out.printf("%s OK       id %d, %d instructions verified, %d bytes JIT-compiled%n", head(p), info.id(),
                info.verifiedInstructions(), info.jitedBytes());
    }

    private void report(PrintStream out, ProgramSpec p, BpfException e) {
        switch (e) {
            case VerifierException v -> {
                VerifierLog log = v.analysis();
                out.printf("%s REFUSED  %s%n", head(p), log.summary());
                v.remedy().ifPresent(h -> out.println("      remedy: " + h));
                printLog(out, v.log());
            }
            case MissingFeatureException m -> out.printf("%s UNSUPPORTED  %s%n", head(p), m.getMessage());
            default -> out.printf("%s FAILED   %s%n", head(p), e.getMessage());
        }
    }

    private static boolean noPrivilege(BpfException e) {
        return e.errno().map(n -> n == io.ebpf4j.kernel.Errno.EPERM || n == io.ebpf4j.kernel.Errno.EACCES).orElse(false)
                && e.getMessage().contains("CAP_BPF");
    }

    private static String head(ProgramSpec p) {
        return String.format("  %-28s %-16s", p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String firstLine(BpfException e) {
        String m = e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Validates the chosen programs with the default policy; prints the findings; true when there is no error. */
    private boolean validate(PrintStream out, ObjectSpec spec, List<ProgramSpec> chosen) {
        ObjectPrograms linked;
        List<io.ebpf4j.validate.ProgramInput> inputs = new ArrayList<>();
        try {
            linked = spec.linkedPrograms();
            for (ProgramSpec p : chosen) {
                inputs.add(linked.link(p.name()).input());
            }
        } catch (BpfException e) {
            out.println("Validating " + file + ": cannot link the programs: " + e.getMessage());
            return false;
        }
        ValidationReport report = Validator.defaults().validate(inputs);
        if (report.ok()) {
            if (!report.warnings().isEmpty()) {
                out.printf("Validating %s: %d warning(s)%n", file, report.warnings().size());
                Findings.print(out, "  ", report.warnings());
            }
            return true;
        }
        out.printf("Validating %s: %d error(s), %d warning(s); nothing was loaded (--no-validate to load anyway)%n", file,
                report.errors().size(), report.warnings().size());
        Findings.print(out, "  ", report.findings());
        return false;
    }

    private void printLog(PrintStream out, String log) {
        String[] lines = log.strip().split("\n");
        int from = wholeLog ? 0 : Math.max(0, lines.length - 12);
        out.println(from > 0 ? "      verifier log (last " + (lines.length - from) + " of " + lines.length
                + " lines; --log for all):" : "      verifier log:");
        for (int i = from; i < lines.length; i++) {
            out.println("        " + lines[i]);
        }
    }
}
