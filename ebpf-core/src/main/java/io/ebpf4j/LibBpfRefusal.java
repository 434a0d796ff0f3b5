package io.ebpf4j;

import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.internal.libbpf.LibBpf;
import io.ebpf4j.internal.libbpf.LibBpfVersion;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MissingFeatureException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains why libbpf refused to open or load an object, from the warnings it printed (see
 * {@code LibBpfWarnings}): a failed libbpf call returns only an errno, and the reason is in its log. Each
 * rule turns one kind of libbpf warning into an exception that names what is missing (the libbpf
 * release or kernel feature) and what to do.
 */
final class LibBpfRefusal {
    private LibBpfRefusal() {}

    private record Rule(Pattern pattern, Function<Context, BpfException> explain) {
        Rule(String regex, Function<Context, BpfException> explain) {
            this(Pattern.compile(regex), explain);
        }
    }

    /** One matched warning, with what the rules need to word the exception. */
    private record Context(String operation, int errno, Matcher match, String warning) {
        String group(int i) {
            return match.group(i);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("legacy map definitions in 'maps' section are not supported", c -> new BpfException(c.operation(),
                    c.errno(), "libbpf " + libbpf() + " refuses it: it defines maps the legacy way (struct bpf_map_def in"
                    + " SEC(\"maps\")), which libbpf 1.0 dropped",
                    "declare each map BTF-style in SEC(\".maps\") (__uint(type, ...), __type(key, ...), __type(value, ...),"
                    + " __uint(max_entries, ...)) and rebuild the object")),
            new Rule("prog '([^']+)': missing BPF prog type, check ELF section name '([^']*)'",
                    c -> unknownSection(c, c.group(1), c.group(2))),
            new Rule("extern \\(func ksym\\) '([^']+)': not found in kernel or module BTFs", c -> new MissingFeatureException(
                    "kernel function " + c.group(1) + " (a __ksym kfunc)", null,
                    "the running kernel " + kernel() + " has no function " + c.group(1) + " in its BTF or its modules' BTF",
                    "run it on a kernel that has the function, or declare it __weak and call it only when"
                    + " bpf_ksym_exists(" + c.group(1) + ") is true", null)),
            new Rule("extern \\(var ksym\\) '([^']+)': not found in kernel BTF", c -> new MissingFeatureException(
                    "kernel variable " + c.group(1) + " (a typed __ksym extern)", null,
                    "the running kernel " + kernel() + " has no variable " + c.group(1) + " in its BTF",
                    "run it on a kernel that has the variable, or declare it __weak (it is then NULL when absent)", null)),
            new Rule("extern \\((?:var|func) ksym\\) '([^']+)': (?:incompatible types|func_proto .* incompatible)",
                    c -> new BpfException(c.operation(), c.errno(), "the running kernel's " + c.group(1)
                            + " has another type than the object declares (" + c.warning() + ")",
                            "declare it as this kernel's BTF has it: bpftool btf dump file /sys/kernel/btf/vmlinux format c")),
            new Rule("extern '([^']+)' \\(strong\\): not resolved", c -> new MissingFeatureException(
                    "extern " + c.group(1), null, "libbpf found no value for it in the running kernel " + kernel()
                    + ": a __kconfig extern names a CONFIG_ option this kernel's configuration does not set, a typeless"
                    + " __ksym one a symbol missing from /proc/kallsyms",
                    "declare it __weak: it then reads 0 (NULL) where the kernel lacks it", null)),
            new Rule("struct_ops init_kern: struct (\\S+) is not found in kernel BTF", c -> new MissingFeatureException(
                    "struct_ops of struct " + c.group(1), null, "the running kernel " + kernel() + " has no struct "
                    + c.group(1) + " in its BTF (this struct_ops does not exist there, or its module is not loaded)",
                    "run it on a kernel that implements this struct_ops", null)),
            new Rule("struct_ops init_kern (\\S+): Cannot find member (\\S+) in kernel BTF", c -> new MissingFeatureException(
                    "struct_ops member " + c.group(1) + "." + c.group(2), null, "the running kernel " + kernel()
                    + "'s struct " + c.group(1) + " has no member " + c.group(2),
                    "leave the member out on this kernel (it is newer than the kernel)", null)),
            new Rule("map '([^']+)': failed to initialize slot \\[(\\d+)\\] to prog '([^']+)'", c -> new BpfException(
                    c.operation(), c.errno(), "map '" + c.group(1) + "' is initialised (.values) with program '"
                    + c.group(3) + "' in slot " + c.group(2) + ", which is not loaded",
                    "load program '" + c.group(3) + "' too (turn its autoload on), or leave it out of the initialiser")));

    /** The exception that explains the refusal, when a warning says why. */
    static Optional<BpfException> explain(String operation, int errno, List<String> warnings) {
        for (String w : warnings) {
            for (Rule r : RULES) {
                Matcher m = r.pattern().matcher(w);
                if (m.find()) {
                    return Optional.of(r.explain().apply(new Context(operation, errno, m, w)));
                }
            }
        }
        return Optional.empty();
    }

    /** The warning that best says what libbpf refused (the first but its closing "failed to load object"). */
    static Optional<String> firstWarning(List<String> warnings) {
        return warnings.stream().filter(w -> !w.startsWith("failed to load object") && !w.contains("failed to load: -"))
                .findFirst();
    }

    private static BpfException unknownSection(Context c, String program, String section) {
        LibBpfVersion v = LibBpf.get().version();
        Optional<NewerSection> newer = NewerSection.of(section).filter(n -> !v.atLeast(n.libbpfMajor(), n.libbpfMinor()));
        String setType = "set the program's type and expected attach type before load (ProgramSpec.setType,"
                + " setExpectedAttachType)";
        if (newer.isPresent()) {
            NewerSection n = newer.get();
            String kernelNote = n.sinceKernel() == null ? ""
                    : KernelCapabilities.cached().kernel().atLeast(n.sinceKernel())
                    ? "; this kernel (" + kernel() + ") has them, from Linux " + n.sinceKernel()
                    : "; this kernel (" + kernel() + ") is older than Linux " + n.sinceKernel() + ", which they need too";
            return new MissingFeatureException(n.feature() + " (SEC(\"" + section + "\") of program '" + program + "')",
                    n.sinceKernel(), "libbpf " + v + " does not know the section,"
                    + " so it cannot tell the program's type; libbpf " + n.libbpf() + " and later do" + kernelNote,
                    "use libbpf " + n.libbpf() + " or newer (-Debpf4j.libbpf.path=...), or " + setType, null);
        }
        return new BpfException(c.operation(), c.errno(), "libbpf " + libbpf() + " does not know section '" + section
                + "' of program '" + program + "', so it cannot tell the program's type",
                "fix the SEC() name (libbpf's names: kprobe/..., tracepoint/..., xdp, tc, ...), or " + setType);
    }

    private static String libbpf() {
        return LibBpf.get().version().toString();
    }

    private static String kernel() {
        return KernelCapabilities.cached().kernel().release();
    }
}
