package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;

/**
 * A snapshot of one registered peer.
 *
 * @param spiffeId its SPIFFE ID
 * @param identity its numeric identity in this node's maps
 * @param traffic  frames from its addresses
 * @param probe    probe results from its replies
 * @param guards   what the datapath guards counted for it (rate limit, probe MAC and replay, binding)
 */
public record PeerStats(SpiffeId spiffeId, int identity, Counters traffic, ProbeStats probe, GuardCounters guards) {}
