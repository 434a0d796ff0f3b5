package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;

/**
 * A snapshot of one registered peer.
 *
 * @param spiffeId its SPIFFE ID
 * @param identity its numeric identity in this node's maps
 * @param traffic  frames from its addresses
 * @param probe    probe results from its replies
 */
public record PeerStats(SpiffeId spiffeId, int identity, Counters traffic, ProbeStats probe) {}
