package io.ebpf4j.btf;

/**
 * One CO-RE relocation of a BPF object: something a program reads from a kernel type, which libbpf
 * matches against the running kernel's BTF at load time.
 *
 * @param section    the ELF section of the instruction (the program's section)
 * @param insnOffset the instruction's byte offset in that section
 * @param kind       what is relocated (a field offset, a type's existence, an enum value, ...)
 * @param type       the local type, as C (e.g. {@code struct task_struct})
 * @param access     the member path in C terms (e.g. {@code real_parent}), or the
 *                   enumerator for enum relocations
 * @param spec       the raw access string from the object (e.g. {@code 0:62:0})
 */
public record CoreRelocation(String section, int insnOffset, Kind kind, String type, String access, String spec) {

    /** enum bpf_core_relo_kind. */
    public enum Kind {
        FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64, FIELD_RSHIFT_U64,
        TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, ENUMVAL_EXISTS, ENUMVAL_VALUE, TYPE_MATCHES, UNKNOWN;

        static Kind of(int value) {
            Kind[] all = values();
            return value >= 0 && value < all.length - 1 ? all[value] : UNKNOWN;
        }

        /** Whether the relocation names a member path (as opposed to a whole type or an enumerator). */
        public boolean isField() {
            return ordinal() <= FIELD_RSHIFT_U64.ordinal();
        }
    }
}
