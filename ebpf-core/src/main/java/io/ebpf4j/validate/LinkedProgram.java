package io.ebpf4j.validate;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Instruction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A program of an object file linked the way libbpf links it before load: its own function, then every
 * subprogram it calls (directly, or as a callback passed to helpers like {@code bpf_loop}), each once,
 * with calls pointing at the appended copies. Map and global-variable references stay symbolic (pseudo
 * map loads with fd 0, the referenced symbol in {@link #references()}); kfunc calls are kfunc calls of
 * BTF id 0.
 *
 * @param name       the program's name
 * @param section    its ELF section
 * @param type       the program type it will be loaded as
 * @param attachType its expected attach type, if any
 * @param license    the object's license string
 * @param insns      the linked instructions
 * @param functions  the functions the instructions are made of, main program first
 * @param references slot index to what the instruction there refers to (a map, a global variable, an
 *                   extern, a callback), for reading the disassembly
 * @param roots      first slots of functions that nothing calls but the kernel verifies: the exception
 *                   callback, when the program has one
 */
public record LinkedProgram(String name, String section, ProgramType type, Optional<AttachType> attachType,
        String license, List<Instruction> insns, List<LinkedFunction> functions, Map<Integer, String> references,
        Set<Integer> roots) {
    public LinkedProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(license, "license");
        insns = List.copyOf(insns);
        functions = List.copyOf(functions);
        references = Map.copyOf(references);
        roots = Set.copyOf(roots);
    }

    /** What the validator checks: the linked program with its type, attach type and license. */
    public ProgramInput input() {
        return new ProgramInput(name, type, attachType, license, insns, roots);
    }

    /** The number of 8-byte instruction slots. */
    public int slotCount() {
        return functions.stream().mapToInt(LinkedFunction::slots).sum();
    }

    /**
     * One function in a linked program.
     *
     * @param name    its symbol name
     * @param section its ELF section
     * @param start   its first slot in the linked program
     * @param slots   its length in slots
     */
    public record LinkedFunction(String name, String section, int start, int slots) {}
}
