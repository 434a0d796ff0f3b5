package io.ebpf4j.validate;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.elf.ElfFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The programs of an object file as the kernel will be given them: each linked with the subprograms it
 * calls (see {@link LinkedProgram}), with the type and expected attach type it will load as (changes
 * included) and the object's license. This is what validation before load checks.
 *
 * <pre>{@code
 * ObjectPrograms programs = spec.linkedPrograms(); // an io.ebpf4j.ObjectSpec
 * ValidationReport report = programs.validate(Validator.defaults());
 * }</pre>
 *
 * <p>The programs to link, their types and attach types are read from the declarations when first
 * asked for; not thread-safe.
 */
public final class ObjectPrograms {
    /** libbpf keeps at most this many bytes of the license (its {@code char license[64]}). */
    private static final int LICENSE_MAX = 63;

    private final String objectName;
    private final Supplier<? extends List<DeclaredProgram>> declared;
    private final String license;
    private final Linker linker;
    private List<LinkedProgram> autoloaded;

    private ObjectPrograms(String objectName, Supplier<? extends List<DeclaredProgram>> declared, ElfFile elf) {
        this.objectName = objectName;
        this.declared = declared;
        this.license = license(elf);
        this.linker = new Linker(elf);
    }

    /**
     * Reads the programs of the object file {@code elf}; they are linked when asked for.
     *
     * @param objectName names the object in errors
     * @param elf        the object file (not copied: do not change it)
     * @param declared   the programs it declares, with what they will load as; asked when the programs
     *                   are first needed, and again by {@link #link(String)}
     * @throws BpfException when the object's ELF cannot be read
     */
    public static ObjectPrograms of(String objectName, byte[] elf, Supplier<? extends List<DeclaredProgram>> declared) {
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(declared, "declared");
        ElfFile file;
        try {
            file = ElfFile.parse(elf);
        } catch (IllegalArgumentException e) {
            throw new BpfException("reading the programs of object '" + objectName + "'", e.getMessage());
        }
        return new ObjectPrograms(objectName, declared, file);
    }

    /** The object's license string ({@code SEC("license")}), empty when it has none. */
    public String license() {
        return license;
    }

    /**
     * The programs that load with the object, linked, in ELF order.
     *
     * @throws BpfException when a program cannot be linked (a call to where no function starts)
     */
    public List<LinkedProgram> autoloaded() {
        if (autoloaded == null) {
            autoloaded = declared.get().stream().filter(DeclaredProgram::autoload).map(this::link).toList();
        }
        return autoloaded;
    }

    /**
     * Links any program of the object, whether it is autoloaded or not.
     *
     * @throws BpfException when it cannot be linked (a call to where no function starts)
     */
    public LinkedProgram link(DeclaredProgram program) {
        return linker.link(program.name(), program.section(), program.type(), program.attachType(), license);
    }

    /**
     * Links the program called {@code name}.
     *
     * @throws BpfException naming the programs there are, when there is none by that name
     */
    public LinkedProgram link(String name) {
        List<DeclaredProgram> programs = declared.get();
        return link(programs.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
                () -> new BpfException("finding program '" + name + "' in object '" + objectName + "'",
                        "no such program; the object has: "
                                + String.join(", ", programs.stream().map(DeclaredProgram::name).toList()))));
    }

    /** Validates every autoloaded program with {@code validator}. */
    public ValidationReport validate(Validator validator) {
        return validator.validate(autoloaded().stream().map(LinkedProgram::input).toList());
    }

    private static String license(ElfFile elf) {
        return elf.section("license").map(s -> {
            byte[] data = elf.data(s);
            int end = 0;
            while (end < data.length && end < LICENSE_MAX && data[end] != 0) {
                end++;
            }
            return new String(data, 0, end, StandardCharsets.UTF_8);
        }).orElse("");
    }
}
