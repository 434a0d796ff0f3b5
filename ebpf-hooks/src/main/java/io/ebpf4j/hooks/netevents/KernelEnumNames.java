package io.ebpf4j.hooks.netevents;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.btf.BtfType;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Names of a kernel enum's values from the running kernel's BTF, prefix stripped. */
final class KernelEnumNames {
    private static final Logger LOG = LoggerFactory.getLogger(KernelEnumNames.class);

    private final Map<Integer, String> names;

    private KernelEnumNames(Map<Integer, String> names) {
        this.names = names;
    }

    /** The values of {@code enum enumName}; empty when the kernel has no BTF or no such enum. */
    static KernelEnumNames load(String enumName, String prefix) {
        Map<Integer, String> m = new TreeMap<>();
        try (Btf btf = Btf.vmlinux()) {
            btf.find(enumName, BtfKind.ENUM).ifPresent(t -> {
                for (BtfType.EnumValue v : ((BtfType.Enum) t).values()) {
                    String n = v.name().startsWith(prefix) ? v.name().substring(prefix.length()) : v.name();
                    m.putIfAbsent((int) v.value(), n);
                }
            });
        } catch (RuntimeException e) {
            LOG.info("no names for enum {} (kernel BTF unavailable: {}); numbers only", enumName, e.getMessage());
        }
        return new KernelEnumNames(Map.copyOf(m));
    }

    /** The name of {@code value}, or {@code "UNKNOWN_<value>"}. */
    String name(int value) {
        String n = names.get(value);
        return n != null ? n : "UNKNOWN_" + Integer.toUnsignedString(value);
    }

    /** The value called {@code name} (prefix stripped), or -1. */
    int value(String name) {
        return names.entrySet().stream().filter(e -> e.getValue().equals(name)).mapToInt(Map.Entry::getKey).findFirst()
                .orElse(-1);
    }

    /** All names by value. */
    Map<Integer, String> all() {
        return names;
    }
}
