/**
 * Readers of the kernel's own network counters in {@code /proc/net} ({@link io.ebpf4j.hooks.procfs.NetDev},
 * {@link io.ebpf4j.hooks.procfs.SnmpCounters}): what the hooks layer serves when eBPF cannot run.
 */
package io.ebpf4j.hooks.procfs;
