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
 * {@code ebpf4j load FILE.o}: loads every program of an object into the kernel, one at a time, and says
 * for each whether the kernel accepts it (with the verifier's reasons when it does not). Everything is
 * unloaded before the command returns. The programs are validated first (structure and the default
 * policy, on the instructions linked as the kernel gets them): a violating object is not loaded at all
 * ({@code --no-validate} skips validation). Exit code 0: all load; 1: validation fails or some programs
 * are refused; 2: the file or the system cannot be used.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load every program of a BPF object file and report what the kernel says; unload on exit.")
public final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.o", description = "a BPF ELF object (clang -target bpf)")
    Path file;

    @Option(names = {"-p", "--program"}, description = "only these programs (repeatable)")
    List<String> programs = new ArrayList<>();

    @Option(names = "--log", description = "print the whole verifier log of refused programs, not only its tail")
    boolean wholeLog;

    @Option(names = "--log-level", description = "verifier log level of the first attempt (0-2; a refused program is always logged)")
    int logLevel;

    @Option(names = "--no-validate", description = "load without validating first (the kernel's verifier is the only check)")
    boolean noValidate;

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
        List<ProgramSpec> chosen = new ArrayList<>();
        for (ProgramSpec p : spec.programs()) {
            if (programs.isEmpty() || programs.contains(p.name())) {
                chosen.add(p);
            }
        }
        for (String wanted : programs) {
            if (spec.findProgram(wanted).isEmpty()) {
                System.err.println("ebpf4j load: " + file + " has no program '" + wanted + "'; it has: "
                        + String.join(", ", spec.programs().stream().map(ProgramSpec::name).toList()));
                return 2;
            }
        }
        if (!noValidate && !validate(out, spec, chosen)) {
            return 1;
        }
        out.printf("Loading %s: %d program(s), %d map(s)%n", file, chosen.size(), spec.maps().size());
        int refused = 0;
        for (ProgramSpec p : chosen) {
            ObjectSpec one = spec.copy();
            one.programs().forEach(ps -> ps.setAutoload(ps.name().equals(p.name())));
            String head = String.format("  %-28s %-16s", p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT));
            // validated above (or --no-validate): the load itself does not validate again
            try (BpfObject obj = one.load(LoadOptions.DEFAULTS.withLogLevel(logLevel).withoutValidation())) {
                Program loaded = obj.program(p.name());
                ProgramInfo info = loaded.info();
                out.printf("%s OK       id %d, %d instructions verified, %d bytes JIT-compiled%n", head, info.id(),
                        info.verifiedInstructions(), info.jitedBytes());
            } catch (VerifierException e) {
                refused++;
                VerifierLog log = e.analysis();
                out.printf("%s REFUSED  %s%n", head, log.summary());
                e.remedy().ifPresent(h -> out.println("      remedy: " + h));
                printLog(out, e.log());
            } catch (MissingFeatureException e) {
                refused++;
                out.printf("%s UNSUPPORTED  %s%n", head, e.getMessage());
            } catch (BpfException e) {
                if (e.errno().map(n -> n == io.ebpf4j.kernel.Errno.EPERM || n == io.ebpf4j.kernel.Errno.EACCES).orElse(false)
                        && e.getMessage().contains("CAP_BPF")) {
                    System.err.println("ebpf4j load: " + e.getMessage());
                    return 2;
                }
                refused++;
                out.printf("%s FAILED   %s%n", head, e.getMessage());
            }
        }
        out.printf("%d of %d program(s) load; all unloaded.%n", chosen.size() - refused, chosen.size());
        return refused == 0 ? 0 : 1;
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
