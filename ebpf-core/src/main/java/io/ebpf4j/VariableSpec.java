package io.ebpf4j;

/**
 * A global variable of an object, as its BTF declares it: where it lives in which data section, and
 * what kind of value it holds.
 *
 * @param name        the C name
 * @param section     the data section, e.g. {@code .rodata} ({@code const volatile} configuration),
 *                    {@code .data} or {@code .bss}
 * @param internalMap the libbpf map that holds the section, e.g. {@code xdp_coun.rodata}
 * @param offset      byte offset in the section
 * @param size        size in bytes
 * @param kind        the kind of value, for the typed setters
 * @param signed      for integers: whether the type is signed
 * @param cType       the C type as a declaration, e.g. {@code unsigned int} or {@code char[16]}
 */
public record VariableSpec(String name, String section, String internalMap, int offset, int size, Kind kind,
                           boolean signed, String cType) {

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

    /** Whether the variable is read-only once loaded ({@code .rodata}: frozen by libbpf). */
    public boolean readOnlyAfterLoad() {
        return section.startsWith(".rodata");
    }
}
