package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.AttachType;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A program as an object file declares it, before load: its name, ELF section, type, expected attach
 * type, whether it is loaded with the object, and its instructions as the compiler wrote them (before
 * libbpf's relocations). Changes made here take effect when the {@link ObjectSpec} is loaded.
 *
 * <p>Not thread-safe: configure a spec from one thread, then load it.
 */
public final class ProgramSpec {
    private final String name;
    private final String section;
    private final byte[] instructions;
    private ProgramType type;
    private AttachType expectedAttachType;
    private boolean autoload;

    ProgramSpec(String name, String section, ProgramType type, AttachType expectedAttachType, boolean autoload,
                byte[] instructions) {
        this.name = name;
        this.section = section;
        this.type = type;
        this.expectedAttachType = expectedAttachType;
        this.autoload = autoload;
        this.instructions = instructions;
    }

    /** The program's (function's) name. */
    public String name() {
        return name;
    }

    /** The ELF section it came from, e.g. {@code xdp} or {@code tracepoint/syscalls/sys_enter_connect}. */
    public String section() {
        return section;
    }

    /** The program type it will be loaded as. */
    public ProgramType type() {
        return type;
    }

    /** The expected attach type given at load, when the program type uses one. */
    public Optional<AttachType> expectedAttachType() {
        return Optional.ofNullable(expectedAttachType);
    }

    /** Whether the program is loaded with the object. */
    public boolean autoload() {
        return autoload;
    }

    /** The number of 8-byte instruction slots (an ld_imm64 takes two). */
    public int instructionCount() {
        return instructions.length / 8;
    }

    /** A copy of the raw instructions, 8 bytes each, little-endian as in the ELF file. */
    public byte[] instructions() {
        return instructions.clone();
    }

    /** Loads the program with the object (the default) or leaves it out. */
    public ProgramSpec setAutoload(boolean autoload) {
        this.autoload = autoload;
        return this;
    }

    /** Loads the program as another type (the section name decides by default). */
    public ProgramSpec setType(ProgramType type) {
        this.type = Objects.requireNonNull(type, "type");
        return this;
    }

    /** Sets the expected attach type passed at load. */
    public ProgramSpec setExpectedAttachType(AttachType attachType) {
        this.expectedAttachType = attachType;
        return this;
    }

    ProgramSpec copy() {
        return new ProgramSpec(name, section, type, expectedAttachType, autoload, instructions);
    }

    @Override
    public String toString() {
        return "ProgramSpec[" + name + ", section=" + section + ", type=" + type
                + (expectedAttachType != null ? ", attach=" + expectedAttachType : "")
                + ", insns=" + instructionCount() + (autoload ? "" : ", autoload=false") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramSpec p && p.name.equals(name) && p.section.equals(section) && p.type == type
                && p.expectedAttachType == expectedAttachType && p.autoload == autoload
                && Arrays.equals(p.instructions, instructions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, section, type);
    }
}
