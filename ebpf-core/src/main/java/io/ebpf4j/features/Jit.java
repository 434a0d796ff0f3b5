package io.ebpf4j.features;

import java.util.Optional;

/**
 * The BPF JIT compiler's state.
 *
 * @param enable   /proc/sys/net/core/bpf_jit_enable (0 off, 1 on, 2 on with debug output; -1 unknown)
 * @param harden   /proc/sys/net/core/bpf_jit_harden (0 off, 1 unprivileged, 2 all; -1 unknown)
 * @param kallsyms /proc/sys/net/core/bpf_jit_kallsyms (-1 unknown)
 * @param alwaysOn CONFIG_BPF_JIT_ALWAYS_ON, empty when the kernel config is absent
 */
public record Jit(int enable, int harden, int kallsyms, Optional<Boolean> alwaysOn) {
    /** A one-line description. */
    public String describe() {
        String state = switch (enable) {
            case 0 -> "disabled (interpreter)";
            case 1 -> "enabled";
            case 2 -> "enabled with debug output";
            default -> "unknown (/proc/sys/net/core/bpf_jit_enable unreadable)";
        };
        String h = switch (harden) {
            case 0 -> "hardening off";
            case 1 -> "hardening for unprivileged users";
            case 2 -> "hardening for all users";
            default -> "hardening unknown";
        };
        String always = alwaysOn.map(a -> a ? "CONFIG_BPF_JIT_ALWAYS_ON=y" : "CONFIG_BPF_JIT_ALWAYS_ON is not set")
                .orElse("CONFIG_BPF_JIT_ALWAYS_ON unknown");
        return state + ", " + h + ", " + always;
    }
}
