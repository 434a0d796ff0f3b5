package io.ebpf4j.examples;

import io.ebpf4j.ObjectMapSpec;
import io.ebpf4j.ObjectSpec;
import java.util.List;

/**
 * The map count {@code inspect} and {@code load} print for an object, worded in one place so the two
 * commands agree: every map libbpf creates, the declared ones ({@code .maps}) and the internal ones it
 * makes for data sections ({@code .rodata}, {@code .data}, {@code .bss}, {@code .data.*},
 * {@code .rodata.*}, {@code .kconfig}).
 */
final class ObjectCounts {
    private ObjectCounts() {}

    /** E.g. {@code 3 map(s) (1 declared, 2 internal: .bss, .kconfig)}. */
    static String maps(ObjectSpec spec) {
        List<ObjectMapSpec> internal = spec.maps().stream().filter(ObjectMapSpec::isInternal).toList();
        int declared = spec.maps().size() - internal.size();
        String sections = String.join(", ", internal.stream().map(ObjectCounts::section).toList());
        return spec.maps().size() + " map(s) (" + declared + " declared, " + internal.size() + " internal"
                + (internal.isEmpty() ? "" : ": " + sections) + ")";
    }

    /** The data section an internal map holds, or its name when the object has no BTF to say. */
    static String section(ObjectMapSpec m) {
        return m.dataSection().orElse(m.name());
    }
}
