package io.ebpf4j.internal;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

/**
 * A bridge to package-private state of the object model for ebpf4j's own packages (see {@link Bridge}):
 * lets {@code io.ebpf4j.link} reach a program's libbpf handle without making it public API, and without
 * this package depending on {@code io.ebpf4j}.
 */
public final class Access {
    /**
     * What other ebpf4j packages may ask of a program.
     *
     * @param <P> {@code io.ebpf4j.Program}
     */
    public interface ProgramAccess<P> {
        /** The program's {@code struct bpf_program *}. */
        MemorySegment handle(P program);

        /** Registers a link so that closing the program's object closes it first. */
        void register(P program, AutoCloseable link);

        /** Forgets a link that was closed on its own. */
        void unregister(P program, AutoCloseable link);
    }

    private static final Bridge<ProgramAccess<?>> PROGRAM = new Bridge<>("io.ebpf4j.Program");

    private Access() {}

    /**
     * Called once, by {@code io.ebpf4j.Program}'s static initialiser, with its own lookup.
     *
     * @throws IllegalStateException for any other caller, or a second call
     */
    public static void setProgramAccess(MethodHandles.Lookup caller, ProgramAccess<?> access) {
        PROGRAM.set(caller, access);
    }

    /** The program bridge; {@code programClass} is {@code io.ebpf4j.Program}. */
    @SuppressWarnings("unchecked") // Program installs a ProgramAccess<Program>; get checks the class
    public static <P> ProgramAccess<P> program(Class<P> programClass) {
        return (ProgramAccess<P>) PROGRAM.get(programClass);
    }
}
