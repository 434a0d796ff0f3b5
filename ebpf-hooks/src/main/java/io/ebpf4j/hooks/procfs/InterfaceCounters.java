package io.ebpf4j.hooks.procfs;

/**
 * One interface's counters from {@code /proc/net/dev}.
 *
 * @param name      the interface name
 * @param rxBytes   bytes received
 * @param rxPackets packets received
 * @param rxErrors  receive errors
 * @param rxDrops   packets dropped on receive
 * @param txBytes   bytes sent
 * @param txPackets packets sent
 * @param txErrors  transmit errors
 * @param txDrops   packets dropped on transmit
 */
public record InterfaceCounters(String name, long rxBytes, long rxPackets, long rxErrors, long rxDrops, long txBytes,
        long txPackets, long txErrors, long txDrops) {}
