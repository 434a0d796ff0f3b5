package io.ebpf4j.btf;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The kernel's BPF helpers, read from {@code enum bpf_func_id} in its BTF. */
final class HelperIds {
    static final String ENUM = "bpf_func_id";
    private static final String PREFIX = "BPF_FUNC_";

    private HelperIds() {}

    /** Helper id to helper name ({@code BPF_FUNC_map_lookup_elem} = 1 gives 1 to {@code bpf_map_lookup_elem}). */
    static Map<Integer, String> of(Btf btf) {
        Map<Integer, String> out = new TreeMap<>();
        btf.find(ENUM, BtfKind.ENUM).ifPresent(t -> {
            for (BtfType.EnumValue v : ((BtfType.Enum) t).values()) {
                if (v.name().startsWith(PREFIX) && !v.name().equals("BPF_FUNC_unspec")) {
                    out.put((int) v.value(), "bpf_" + v.name().substring(PREFIX.length()));
                }
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
