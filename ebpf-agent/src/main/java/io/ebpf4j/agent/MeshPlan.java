package io.ebpf4j.agent;

import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilterObject;
import io.ebpf4j.link.XdpMode;
import java.util.List;
import java.util.Objects;

/**
 * The mesh filter the agent loads and attaches ({@code MeshFilter.builder()}), with the peers it registers.
 *
 * @param interfaces    the interfaces it attaches to, in order
 * @param xdpMode       the XDP attach mode
 * @param defaultAction what unknown sources and peers without a policy get
 * @param peers         the peers, in file order
 * @param identityCapacity the identities the filter can number ({@code MeshFilter.Builder.identityCapacity})
 */
public record MeshPlan(List<String> interfaces, XdpMode xdpMode, Action defaultAction, List<PeerPlan> peers,
        int identityCapacity) {
    /** A plan with the default identity capacity. */
    public MeshPlan(List<String> interfaces, XdpMode xdpMode, Action defaultAction, List<PeerPlan> peers) {
        this(interfaces, xdpMode, defaultAction, peers, MeshFilterObject.DEFAULT_IDENTITY_CAPACITY);
    }

    public MeshPlan {
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(xdpMode, "xdpMode");
        Objects.requireNonNull(defaultAction, "defaultAction");
        peers = List.copyOf(peers);
    }

    /** The number of prefixes over all peers. */
    public int cidrCount() {
        return peers.stream().mapToInt(p -> p.cidrs().size()).sum();
    }

    /** The peers whose effective policy is {@code action} (their own, or the default one). */
    public long peersWith(Action action) {
        return peers.stream().filter(p -> p.action().orElse(defaultAction) == action).count();
    }
}
