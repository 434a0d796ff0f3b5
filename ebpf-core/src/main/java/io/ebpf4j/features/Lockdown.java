package io.ebpf4j.features;

import java.util.List;

/**
 * Kernel lockdown (the lockdown LSM): what it is set to and what it takes away from BPF.
 *
 * @param mode   the active mode
 * @param source how it was found (the securityfs file, or why it could not be read)
 * @param hint   further evidence when the mode is unknown (e.g. the kernel config forcing a mode), or ""
 * @param configuredMinimum the mode the kernel config forces at boot (lockdown can be raised, never
 *                          lowered), NONE when the config forces nothing or is absent
 */
public record Lockdown(Mode mode, String source, String hint, Mode configuredMinimum) {
    /** The lockdown modes. */
    public enum Mode {
        NONE, INTEGRITY, CONFIDENTIALITY, UNKNOWN
    }

    /** What this mode removes from BPF, in plain words; empty for none. */
    public List<String> takesAway() {
        if (mode == Mode.UNKNOWN && configuredMinimum != Mode.NONE && configuredMinimum != Mode.UNKNOWN) {
            return new Lockdown(configuredMinimum, source, hint, configuredMinimum).takesAway().stream()
                    .map(s -> s + " [at least; from the kernel config]").toList();
        }
        return switch (mode) {
            case NONE -> List.of();
            case INTEGRITY -> List.of("bpf_probe_write_user (the verifier refuses it)");
            case CONFIDENTIALITY -> List.of("bpf_probe_write_user (the verifier refuses it)",
                    "reading kernel memory: bpf_probe_read_kernel, bpf_probe_read, bpf_d_path and friends",
                    "kprobes and kernel tracing through tracefs");
            case UNKNOWN -> List.of("unknown (lockdown mode could not be read)");
        };
    }
}
