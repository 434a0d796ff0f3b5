package io.ebpf4j.validate;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.internal.Access;
import io.ebpf4j.internal.elf.ElfFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The programs of an {@link ObjectSpec} as the kernel will be given them: each linked with the
 * subprograms it calls (see {@link LinkedProgram}), with the type and expected attach type the spec
 * holds now (changes included) and the object's license. This is what validation before load checks.
 *
 * <pre>{@code
 * ObjectPrograms programs = ObjectPrograms.of(spec);
 * ValidationReport report = programs.validate(Validator.defaults());
 * }</pre>
 *
 * <p>The programs to link, their types and attach types are read from the spec when first asked for;
 * not thread-safe.
 */
public final class ObjectPrograms {
    /** libbpf keeps at most this many bytes of the license (its {@code char license[64]}). */
    private static final int LICENSE_MAX = 63;

    private final ObjectSpec spec;
    private final String license;
    private final Linker linker;
    private List<LinkedProgram> autoloaded;

    private ObjectPrograms(ObjectSpec spec, ElfFile elf) {
        this.spec = spec;
        this.license = license(elf);
        this.linker = new Linker(elf);
    }

    /**
     * Reads the programs of {@code spec}; they are linked when asked for.
     *
     * @throws BpfException when the object's ELF cannot be read
     */
    public static ObjectPrograms of(ObjectSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ElfFile elf;
        try {
            elf = ElfFile.parse(Access.spec().elf(spec));
        } catch (IllegalArgumentException e) {
            throw new BpfException("reading the programs of object '" + spec.name() + "'", e.getMessage());
        }
        return new ObjectPrograms(spec, elf);
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
            autoloaded = spec.programs().stream().filter(ProgramSpec::autoload).map(this::link).toList();
        }
        return autoloaded;
    }

    /**
     * Links any program of the object, whether it is autoloaded or not.
     *
     * @throws BpfException when it cannot be linked (a call to where no function starts)
     */
    public LinkedProgram link(ProgramSpec program) {
        return linker.link(program.name(), program.section(), program.type(), program.expectedAttachType(), license);
    }

    /** Links the program called {@code name}. */
    public LinkedProgram link(String name) {
        return link(spec.program(name));
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
