package io.ebpf4j.hooks.internal;

/**
 * {@code struct sl_config} of syscall_latency.bpf.c (24 bytes). Not part of the public API.
 *
 * @param slowNs   threshold for slow-call events, ns (0 = none)
 * @param cgroupId cgroup v2 filter (0 = any)
 * @param tgid     process filter (0 = any)
 * @param pad      zero
 */
public record SlConfig(long slowNs, long cgroupId, int tgid, int pad) {}
