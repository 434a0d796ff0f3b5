package io.ebpf4j.examples;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.ObjectMapSpec;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.VariableSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.CoreRelocation;
import io.ebpf4j.btf.CoreRelocations;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.validate.LinkedProgram;
import io.ebpf4j.validate.ObjectPrograms;
import io.ebpf4j.validate.ValidationReport;
import io.ebpf4j.validate.Validator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ebpf4j inspect FILE.o}: what a BPF object holds, without loading anything: programs, maps,
 * global-variable sections, each program's validation findings under the default policy, and with
 * {@code --disasm} each program's disassembly as linked for the kernel. Exit code 0: every program
 * passes validation; 1: some program has validation errors; 2: the file cannot be read.
 *
 * <p>Each block is one method; a new block (BTF types, CO-RE relocations ...) is one more method and
 * one more line in {@link #call()}.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the programs, maps and global variables of a BPF object file and validate its programs; loads nothing.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.o", description = "a BPF ELF object (clang -target bpf)")
    Path file;

    @Option(names = "--disasm", description = "print each program's instructions, linked with its subprograms as the kernel gets them")
    boolean disasm;

    private PrintStream out;

    @Override
    public Integer call() {
        out = System.out;
        ObjectSpec spec;
        ObjectPrograms programs;
        try {
            spec = ObjectSpec.open(file);
            programs = spec.linkedPrograms();
        } catch (BpfException e) {
            System.err.println("ebpf4j inspect: " + e.getMessage());
            return 2;
        }
        Map<String, LinkedProgram> linked = link(spec, programs);
        header(spec, programs);
        programs(spec, linked);
        maps(spec);
        globals(spec);
        coreRelocations();
        boolean ok = validation(spec, linked);
        if (disasm) {
            disassembly(linked);
        }
        return ok ? 0 : 1;
    }

    /** Links every program (autoloaded or not); a program that cannot be linked is reported and left out. */
    private Map<String, LinkedProgram> link(ObjectSpec spec, ObjectPrograms programs) {
        Map<String, LinkedProgram> out = new LinkedHashMap<>();
        for (ProgramSpec p : spec.programs()) {
            try {
                out.put(p.name(), programs.link(p.name()));
            } catch (BpfException e) {
                System.err.println("ebpf4j inspect: " + e.getMessage());
            }
        }
        return out;
    }

    private void header(ObjectSpec spec, ObjectPrograms programs) {
        long off = spec.programs().stream().filter(p -> !p.autoload()).count();
        out.printf("%s: object '%s', license \"%s\", %d program(s)%s, %s%n", file, spec.name(), programs.license(),
                spec.programs().size(), off == 0 ? "" : " (" + off + " not autoloaded)", ObjectCounts.maps(spec));
    }

    private void programs(ObjectSpec spec, Map<String, LinkedProgram> linked) {
        out.println();
        out.println("PROGRAMS");
        out.printf("  %-24s %-38s %-16s %-22s %6s %7s  %s%n", "NAME", "SECTION", "TYPE", "ATTACH TYPE", "INSNS", "LINKED",
                "SUBPROGRAMS");
        for (ProgramSpec p : spec.programs()) {
            LinkedProgram l = linked.get(p.name());
            List<String> subs = new ArrayList<>();
            if (l != null) {
                l.functions().stream().skip(1).forEach(f -> subs.add(f.name()));
            }
            out.printf("  %-24s %-38s %-16s %-22s %6d %7s  %s%s%n", p.name(), p.section(), lower(p.type().name()),
                    p.expectedAttachType().map(a -> lower(a.name())).orElse("-"), p.instructionCount(),
                    l == null ? "?" : Integer.toString(l.slotCount()), subs.isEmpty() ? "-" : String.join(", ", subs),
                    p.autoload() ? "" : "  (not autoloaded)");
        }
    }

    private void maps(ObjectSpec spec) {
        out.println();
        out.println("MAPS");
        out.printf("  %-24s %-20s %6s %6s %11s  %-8s %s%n", "NAME", "TYPE", "KEY", "VALUE", "MAX", "FLAGS", "BTF KEY -> VALUE");
        for (ObjectMapSpec m : spec.maps()) {
            String btf = m.isInternal() ? "internal: section " + ObjectCounts.section(m)
                    + (m.filledByLibbpf() ? ", filled at load by libbpf" : "")
                    : m.btfKeyType().isEmpty() && m.btfValueType().isEmpty() ? "-"
                    : (m.btfKeyType().isEmpty() ? "?" : m.btfKeyType()) + " -> " + (m.btfValueType().isEmpty() ? "?" : m.btfValueType());
            out.printf("  %-24s %-20s %6d %6d %11d  %-8s %s%n", m.name(), lower(m.type().name()), m.keySize(), m.valueSize(),
                    m.maxEntries(), m.flags() == 0 ? "-" : String.format("0x%x", m.flags()), btf);
        }
    }

    private void globals(ObjectSpec spec) {
        out.println();
        out.println("GLOBAL VARIABLES");
        List<VariableSpec> vars = spec.globals().list();
        if (vars.isEmpty()) {
            List<ObjectMapSpec> internal = spec.maps().stream().filter(ObjectMapSpec::isInternal).toList();
            out.println(internal.isEmpty() ? "  (none)" : "  (sections without BTF variables: "
                    + String.join(", ", internal.stream().map(ObjectMapSpec::name).toList()) + ")");
            return;
        }
        out.printf("  %-24s %-14s %6s %5s  %-28s %s%n", "NAME", "SECTION", "OFFSET", "SIZE", "TYPE", "INITIAL VALUE");
        for (VariableSpec v : vars) {
            out.printf("  %-24s %-14s %6d %5d  %-28s %s%n", v.name(), v.section(), v.offset(), v.size(), v.cType(),
                    initialValue(spec, v));
        }
    }

    private static String initialValue(ObjectSpec spec, VariableSpec v) {
        if (v.filledByLibbpf()) {
            return switch (v.origin()) {
                case KCONFIG -> "filled at load by libbpf (kernel version/config)";
                case KSYMS -> "filled at load by libbpf (kernel symbol)";
                case OBJECT -> throw new IllegalStateException("not filled by libbpf: " + v);
            };
        }
        return switch (v.kind()) {
            case INTEGER, BOOL -> Long.toString(spec.globals().getLong(v.name()));
            case CHARS -> "\"" + spec.globals().getString(v.name()) + "\"";
            case BYTES -> {
                byte[] b = spec.globals().bytes(v.name());
                yield b.length <= 16 ? java.util.HexFormat.ofDelimiter(" ").formatHex(b) : b.length + " bytes";
            }
        };
    }

    /** The kernel types and fields the programs read through CO-RE, and which of them this kernel lacks. */
    private void coreRelocations() {
        out.println();
        out.println("CO-RE RELOCATIONS (kernel types the programs read)");
        List<CoreRelocation> relos;
        try {
            relos = CoreRelocations.of(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException | BpfException e) {
            out.println("  (cannot read them: " + e.getMessage() + ")");
            return;
        }
        if (relos.isEmpty()) {
            out.println("  (none)");
            return;
        }
        java.util.Set<CoreRelocation> missing = new java.util.HashSet<>();
        String kernelNote = "";
        try (Btf kernel = Btf.vmlinux()) {
            missing.addAll(CoreRelocations.checkAgainst(relos, kernel));
        } catch (BpfException e) {
            kernelNote = " (this kernel's BTF could not be read: " + e.getMessage() + ")";
        }
        out.printf("  %-36s %-18s %-28s %-24s %s%n", "SECTION", "KIND", "TYPE", "ACCESS", "THIS KERNEL" + kernelNote);
        for (CoreRelocation r : relos) {
            out.printf("  %-36s %-18s %-28s %-24s %s%n", r.section(), lower(r.kind().name()), r.type(),
                    r.access().isEmpty() ? "-" : r.access(), !kernelNote.isEmpty() ? "?" : missing.contains(r) ? "MISSING" : "ok");
        }
    }

    /** Validates every program with the default policy; true when none has an error. */
    private boolean validation(ObjectSpec spec, Map<String, LinkedProgram> linked) {
        out.println();
        out.println("VALIDATION (default policy)");
        Validator validator = Validator.defaults();
        boolean ok = linked.size() == spec.programs().size();
        for (LinkedProgram l : linked.values()) {
            ValidationReport report = validator.validate(l.input());
            ok &= report.ok();
            if (report.findings().isEmpty()) {
                out.printf("  %-24s ok%n", l.name());
            } else {
                out.printf("  %-24s %d error(s), %d warning(s)%n", l.name(), report.errors().size(), report.warnings().size());
                Findings.print(out, "    ", report.findings());
            }
        }
        return ok;
    }

    private void disassembly(Map<String, LinkedProgram> linked) {
        Disassembler dis = new Disassembler(HelperCatalog.kernel());
        for (LinkedProgram l : linked.values()) {
            out.println();
            out.printf("DISASSEMBLY %s (%d instructions, linked)%n", l.name(), l.slotCount());
            List<String> lines = dis.lines(l.insns());
            int[] slots = io.ebpf4j.asm.Instructions.slotIndices(l.insns());
            Map<Integer, String> starts = new LinkedHashMap<>();
            l.functions().forEach(f -> starts.put(f.start(), f.name() + " (" + f.section() + ")"));
            for (int i = 0; i < lines.size(); i++) {
                String fn = starts.get(slots[i]);
                if (fn != null) {
                    out.println("  " + fn + ":");
                }
                String ref = l.references().get(slots[i]);
                out.println("  " + lines.get(i) + (ref != null ? "    ; " + ref : ""));
            }
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
