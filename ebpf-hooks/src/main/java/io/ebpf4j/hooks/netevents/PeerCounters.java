package io.ebpf4j.hooks.netevents;

/**
 * Counters of one remote endpoint, summed over CPUs.
 *
 * @param retransmits     TCP retransmits to it
 * @param resetsSent      RSTs the kernel sent to it
 * @param resetsReceived  RSTs received from it on a socket
 * @param stateChanges    TCP state changes of sockets connected to it
 * @param aborts          of which ESTABLISHED to CLOSE (reset or abort, not an orderly close)
 */
public record PeerCounters(long retransmits, long resetsSent, long resetsReceived, long stateChanges, long aborts) {}
