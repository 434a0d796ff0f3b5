package io.ebpf4j.internal;

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

    private static volatile ProgramAccess programAccess;

    private Access() {}

    public static void setProgramAccess(ProgramAccess access) {
        programAccess = access;
    }

    public static ProgramAccess program() {
        ProgramAccess a = programAccess;
        if (a == null) {
            try {
                Class.forName(Program.class.getName(), true, Program.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = programAccess;
        }
        return a;
    }
}
