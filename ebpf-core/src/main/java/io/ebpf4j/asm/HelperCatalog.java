package io.ebpf4j.asm;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Names of BPF helper functions by id ({@code enum bpf_func_id}), for the disassembler and the
 * validator. Names are the C names, e.g. {@code bpf_map_lookup_elem}.
 *
 * <p>A catalog read from the running kernel's BTF is {@linkplain #authoritative() authoritative}: an id
 * it does not know is one the kernel does not know. The {@linkplain #builtin() built-in} catalog only
 * supplies names (it is the list of Linux 6.18) and is not authoritative.
 */
public interface HelperCatalog {

    /** The helper's name, e.g. {@code bpf_map_lookup_elem} for 1. */
    Optional<String> name(int id);

    /** The id of a helper by name, with or without the {@code bpf_} prefix ({@code BPF_FUNC_x} also accepted). */
    OptionalInt id(String name);

    /** Whether unknown ids are really unknown to the kernel (the catalog came from its BTF). */
    boolean authoritative();

    /** All helpers, id to name. */
    Map<Integer, String> asMap();

    /** Whether the catalog knows the helper id. */
    default boolean knows(int id) {
        return name(id).isPresent();
    }

    /**
     * A catalog from the enumerators of the kernel's {@code enum bpf_func_id} as read from BTF: names
     * may be the enumerator names ({@code BPF_FUNC_map_lookup_elem}) or helper names; {@code unspec}
     * and {@code __BPF_FUNC_MAX_ID} are dropped. The result is authoritative.
     */
    static HelperCatalog fromBtf(Map<Integer, String> enumerators) {
        return MapHelperCatalog.of(enumerators, true);
    }

    /** A catalog from id/name pairs; {@code authoritative} says whether unknown ids are unknown to the kernel. */
    static HelperCatalog of(Map<Integer, String> names, boolean authoritative) {
        return MapHelperCatalog.of(names, authoritative);
    }

    /** Names only, from the Linux 6.18 UAPI list; not authoritative. */
    static HelperCatalog builtin() {
        return MapHelperCatalog.builtin();
    }

    /**
     * The running kernel's helpers, read from {@code /sys/kernel/btf/vmlinux}; the {@linkplain #builtin()
     * built-in} names when the kernel has no BTF or it cannot be read. Read once and cached: the
     * running kernel's helpers do not change.
     */
    static HelperCatalog kernel() {
        return MapHelperCatalog.kernel();
    }
}
