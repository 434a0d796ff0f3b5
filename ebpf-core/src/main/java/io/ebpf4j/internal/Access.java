package io.ebpf4j.internal;

import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import java.lang.foreign.MemorySegment;

/**
 * A bridge to package-private state of the object model for ebpf4j's own packages (the JDK's
 * SharedSecrets pattern): lets {@code io.ebpf4j.link} reach a program's libbpf handle without making
 * it public API.
 */
public final class Access {
    /** What other ebpf4j packages may ask of a {@link Program}. */
    public interface ProgramAccess {
        /** The program's {@code struct bpf_program *}. */
        MemorySegment handle(Program program);

        /** Registers a link so that closing the program's object closes it first. */
        void register(Program program, AutoCloseable link);

        /** Forgets a link that was closed on its own. */
        void unregister(Program program, AutoCloseable link);
    }

    /** What other ebpf4j packages may ask of an {@link ObjectSpec}. */
    public interface SpecAccess {
        /** The object's ELF bytes (shared, not a copy: do not change them). */
        byte[] elf(ObjectSpec spec);
    }

    private static volatile ProgramAccess programAccess;
    private static volatile SpecAccess specAccess;

    private Access() {}

    public static void setProgramAccess(ProgramAccess access) {
        programAccess = access;
    }

    public static void setSpecAccess(SpecAccess access) {
        specAccess = access;
    }

    public static SpecAccess spec() {
        SpecAccess a = specAccess;
        if (a == null) {
            initialize(ObjectSpec.class);
            a = specAccess;
        }
        return a;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProgramAccess program() {
        ProgramAccess a = programAccess;
        if (a == null) {
            initialize(Program.class);
            a = programAccess;
        }
        return a;
    }
}
