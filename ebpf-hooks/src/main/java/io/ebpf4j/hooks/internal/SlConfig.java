package io.ebpf4j.hooks.internal;

/**
 * {@code struct sl_config} of syscall_latency.bpf.c (24 bytes). Not part of the public API.
 *
 * @param slowNs   threshold for slow-call events, ns (0 = none)
 * @param cgroupId cgroup v2 filter (0 = any)
 * @param tgid     process filter (0 = any)
 * @param syscalls the measured syscalls, bit (1 << syscall id) each (0 = all)
 */
public record SlConfig(long slowNs, long cgroupId, int tgid, int syscalls) {}
