package io.ebpf4j.validate;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Instruction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A program to validate: what the kernel would be given at load time.
 *
 * @param name       the program's name (for findings)
 * @param type       its program type
 * @param attachType its expected attach type, when it has one
 * @param license    the license string of its object
 * @param insns      its instructions
 * @param roots      slot indices where functions start that no instruction calls but the kernel
 *                   verifies as well (a program's exception callback); insn 0 is always one
 */
public record ProgramInput(String name, ProgramType type, Optional<AttachType> attachType, String license,
        List<Instruction> insns, Set<Integer> roots) {
    public ProgramInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(license, "license");
        insns = List.copyOf(insns);
        roots = Set.copyOf(roots);
    }

    /** A program whose only entry is insn 0 and the functions it calls. */
    public ProgramInput(String name, ProgramType type, Optional<AttachType> attachType, String license,
            List<Instruction> insns) {
        this(name, type, attachType, license, insns, Set.of());
    }

    /** A program without an expected attach type. */
    public static ProgramInput of(String name, ProgramType type, String license, List<Instruction> insns) {
        return new ProgramInput(name, type, Optional.empty(), license, insns);
    }
}
