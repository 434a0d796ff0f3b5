package io.ebpf4j;

/**
 * A global variable of an object, as its BTF declares it: where it lives in which data section, and
 * what kind of value it holds.
 *
 * @param name        the C name
 * @param section     the data section, e.g. {@code .rodata} ({@code const volatile} configuration),
 *                    {@code .data}, {@code .bss}, a custom {@code .data.*} / {@code .rodata.*} one, or
 *                    {@code .kconfig} / {@code .ksyms} for externs libbpf fills at load
 * @param internalMap the libbpf map that holds the section, e.g. {@code xdp_coun.rodata} or
 *                    {@code .data.counters}; empty for {@code .ksyms} externs, which live in no map
 * @param offset      byte offset in the section
 * @param size        size in bytes
 * @param kind        the kind of value, for the typed setters
 * @param signed      for integers: whether the type is signed
 * @param cType       the C type as a declaration, e.g. {@code unsigned int} or {@code char[16]}
 * @param origin      who gives the variable its value: the object, or libbpf at load
 */
public record VariableSpec(String name, String section, String internalMap, int offset, int size, Kind kind,
                           boolean signed, String cType, Origin origin) {

    /** What kind of value a variable holds. */
    public enum Kind {
        /** An integer or enum of 1, 2, 4 or 8 bytes. */
        INTEGER,
        /** A C {@code bool}. */
        BOOL,
        /** An array of {@code char}: a string with room for its NUL. */
        CHARS,
        /** Anything else (structs, other arrays, pointers): set as bytes. */
        BYTES
    }

    /** Who gives a variable its value. */
    public enum Origin {
        /** The object: its initial value is in the ELF, and {@link Globals} can change it before load. */
        OBJECT,
        /**
         * A {@code __kconfig} extern in {@code .kconfig}: libbpf fills it at load from the running kernel
         * ({@code LINUX_KERNEL_VERSION}, {@code CONFIG_*} from its configuration, {@code LINUX_HAS_*} from
         * its own probes). Not settable, and unknown before load.
         */
        KCONFIG,
        /**
         * A {@code __ksym} extern in {@code .ksyms}: libbpf resolves the kernel symbol at load (typed ones
         * in the kernel's BTF, typeless ones in {@code /proc/kallsyms}). Not settable, and unknown before load.
         */
        KSYMS;

        /** The origin of the variables of {@code section}. */
        static Origin ofSection(String section) {
            return switch (section) {
                case ".kconfig" -> KCONFIG;
                case ".ksyms" -> KSYMS;
                default -> OBJECT;
            };
        }
    }

    /** Whether libbpf fills the variable at load ({@code .kconfig}, {@code .ksyms}): it cannot be set before. */
    public boolean filledByLibbpf() {
        return origin != Origin.OBJECT;
    }

    /** Whether the variable is read-only once loaded ({@code .rodata} and {@code .rodata.*}: frozen by libbpf; {@code .kconfig} too). */
    public boolean readOnlyAfterLoad() {
        return section.startsWith(".rodata") || origin == Origin.KCONFIG;
    }
}
