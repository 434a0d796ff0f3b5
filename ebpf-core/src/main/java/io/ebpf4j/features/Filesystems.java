package io.ebpf4j.features;

/**
 * The pseudo filesystems BPF work touches.
 *
 * @param bpffs      for pinning maps, programs and links (/sys/fs/bpf)
 * @param tracefs    for tracepoint ids and the kprobe/uprobe event files (/sys/kernel/tracing)
 * @param securityfs for the lockdown mode and the LSM list (/sys/kernel/security)
 */
public record Filesystems(Mount bpffs, Mount tracefs, Mount securityfs) {}
