package io.ebpf4j.features;

import java.util.Map;
import java.util.Optional;

/**
 * The running kernel's build configuration ({@code /proc/config.gz}, else
 * {@code /boot/config-$(uname -r)}), parsed into {@code CONFIG_*} names and values ("y", "m", a
 * number or a quoted string). Options that are "not set" are absent from {@link #values()}.
 *
 * @param source where it was read from, or empty when no configuration was found
 * @param values the options, by full name (e.g. CONFIG_KPROBES)
 * @param absentReason why there is no configuration (empty when there is one)
 */
public record KernelConfig(Optional<String> source, Map<String, String> values, String absentReason) {
    public KernelConfig {
        values = Map.copyOf(values);
        absentReason = absentReason == null ? "" : absentReason;
    }

    /** No configuration could be read, for {@code reason}. */
    public static KernelConfig absent(String reason) {
        return new KernelConfig(Optional.empty(), Map.of(), reason);
    }

    /** Whether a configuration was read. */
    public boolean present() {
        return source.isPresent();
    }

    /** The value of {@code option} (with or without the CONFIG_ prefix). */
    public Optional<String> value(String option) {
        return Optional.ofNullable(values.get(key(option)));
    }

    /**
     * Whether {@code option} is built in or a module: empty when the configuration is absent (so
     * nothing can be said), else true for "y" or "m".
     */
    public Optional<Boolean> enabled(String option) {
        if (!present()) {
            return Optional.empty();
        }
        String v = values.get(key(option));
        return Optional.of("y".equals(v) || "m".equals(v));
    }

    /** "CONFIG_X=y", "CONFIG_X is not set", or "CONFIG_X unknown (no kernel config)". */
    public String describe(String option) {
        String k = key(option);
        if (!present()) {
            return k + " unknown (" + absentReason + ")";
        }
        String v = values.get(k);
        return v == null ? k + " is not set" : k + "=" + v;
    }

    private static String key(String option) {
        if (option == null || option.isBlank()) {
            throw new IllegalArgumentException("kernel config option name is empty");
        }
        return option.startsWith("CONFIG_") ? option : "CONFIG_" + option;
    }
}
