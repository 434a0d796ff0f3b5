package io.ebpf4j.hooks.mesh;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the filter's counters (not atomic across maps: counters keep moving while read).
 *
 * @param global        whole-filter counters
 * @param unknownSource traffic from sources that matched no identity (identity 0)
 * @param peers         every registered identity, in identity order
 */
public record MeshStats(GlobalStats global, Counters unknownSource, List<PeerStats> peers) {
    public MeshStats {
        peers = List.copyOf(peers);
    }

    /** The snapshot of {@code id}, if it is registered. */
    public Optional<PeerStats> peer(SpiffeId id) {
        return peers.stream().filter(p -> p.spiffeId().equals(id)).findFirst();
    }
}
