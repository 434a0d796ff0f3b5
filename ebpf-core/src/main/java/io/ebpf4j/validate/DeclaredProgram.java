package io.ebpf4j.validate;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.ProgramType;
import java.util.Objects;
import java.util.Optional;

/**
 * A program as an object file declares it, with what it will be loaded as: the input
 * {@link ObjectPrograms} links. {@code io.ebpf4j.ObjectSpec#linkedPrograms()} makes these from its
 * {@code ProgramSpec}s.
 *
 * @param name       the program's name (its function symbol)
 * @param section    its ELF section
 * @param type       the program type it will be loaded as
 * @param attachType its expected attach type, if any
 * @param autoload   whether it loads with the object
 */
public record DeclaredProgram(String name, String section, ProgramType type, Optional<AttachType> attachType,
        boolean autoload) {
    public DeclaredProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachType, "attachType");
    }
}
