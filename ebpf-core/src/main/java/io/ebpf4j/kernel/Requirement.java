package io.ebpf4j.kernel;

/**
 * Something a caller needs from the kernel: a program type, a map type, or a named
 * {@link io.ebpf4j.features.KernelFeature}. Asked of the capability report, it is either met or missing with a reason,
 * a remedy and, where one exists, a fallback.
 */
public interface Requirement {
    /** A short description, e.g. "program type xdp" or "kprobe attach". */
    String describe();
}
