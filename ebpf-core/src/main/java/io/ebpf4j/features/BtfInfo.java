package io.ebpf4j.features;

import java.util.List;

/**
 * The kernel's BTF type information, which CO-RE relocation needs.
 *
 * @param vmlinux    /sys/kernel/btf/vmlinux: present and readable, or why not
 * @param modules    modules that carry their own BTF (the other files of /sys/kernel/btf)
 * @param coRe       CO-RE readiness: kernel BTF present and kernel at least 5.8
 */
public record BtfInfo(Availability vmlinux, List<String> modules, Availability coRe) {
    public BtfInfo {
        modules = List.copyOf(modules);
    }
}
