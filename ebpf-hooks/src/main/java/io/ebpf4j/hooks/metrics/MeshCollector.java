package io.ebpf4j.hooks.metrics;

import io.ebpf4j.hooks.mesh.Counters;
import io.ebpf4j.hooks.mesh.GuardCounters;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.MeshStats;
import io.ebpf4j.hooks.mesh.PeerStats;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link MeshFilter}'s per-peer counters and probe results, read from its maps at each scrape.
 * Peers are labelled by SPIFFE ID ({@code peer}); traffic from no registered identity has
 * {@code peer="unknown"}.
 */
public final class MeshCollector implements MultiCollector {
    /** The {@code peer} label of traffic from sources that matched no identity. */
    public static final String UNKNOWN_PEER = "unknown";

    private final MeshFilter filter;
    private final Labels constLabels;

    /** A collector of {@code filter}'s maps (the filter stays owned by the caller). */
    public MeshCollector(MeshFilter filter) {
        this(filter, Labels.EMPTY);
    }

    /**
     * A collector of {@code filter}'s maps whose every series also carries {@code constLabels} (e.g.
     * {@code node}: several filters' collectors merged by {@link MergedCollector}).
     */
    public MeshCollector(MeshFilter filter, Labels constLabels) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.constLabels = ConstLabels.check(constLabels);
    }

    @Override
    public MetricSnapshots collect() {
        MeshStats s = filter.stats();
        var packets = new Families.Counter("ebpf4j_mesh_packets", "Frames from a peer whose IP header parsed, by XDP verdict.",
                constLabels);
        var bytes = new Families.Counter("ebpf4j_mesh_bytes", "Bytes of the frames from a peer (whole frames).", constLabels);
        var dropped = new Families.Counter("ebpf4j_mesh_dropped",
                "Frames from a peer not delivered as traffic: reason policy (XDP_DROP) or malformed (passed, L4 header bad).",
                constLabels);
        var loss = new Families.Counter("ebpf4j_mesh_probe_loss", "Probes to a peer counted as lost.", constLabels);
        var replies = new Families.Counter("ebpf4j_mesh_probe_replies", "Probe replies received from a peer.", constLabels);
        var guards = new Families.Counter("ebpf4j_mesh_guard_events",
                "Frames a datapath guard refused or flagged, by guard: rate_limited, unauthenticated, replayed, stale "
                        + "(dropped); wrong_interface, wrong_mac (identity binding broken; dropped under the drop policy).",
                constLabels);
        var rtt = new Families.Log2Histogram("ebpf4j_mesh_probe_rtt_seconds", "Probe round-trip time to a peer.", constLabels);
        traffic(UNKNOWN_PEER, s.unknownSource(), packets, bytes, dropped);
        guards(UNKNOWN_PEER, filter.guards().counters(0), guards);
        for (PeerStats p : s.peers()) {
            String peer = p.spiffeId().toString();
            traffic(peer, p.traffic(), packets, bytes, dropped);
            guards(peer, p.guards(), guards);
            ProbeStats probe = p.probe();
            loss.add(probe.lost(), "peer", peer);
            replies.add(probe.replies(), "peer", peer);
            rtt.add(probe.histogram(), probe.meanRttNs() * probe.samples(), "peer", peer);
        }
        var frames = new Families.Counter("ebpf4j_mesh_frames", "Frames the filter saw, by kind.", constLabels)
                .add(s.global().frames(), "kind", "all").add(s.global().unparsed(), "kind", "unparsed")
                .add(s.global().malformed(), "kind", "malformed").add(s.global().ipv4(), "kind", "ipv4")
                .add(s.global().ipv6(), "kind", "ipv6");
        List<MetricSnapshot> out = new ArrayList<>();
        for (var f : List.of(packets, bytes, dropped, loss, replies, guards, frames)) {
            f.into(out);
        }
        rtt.into(out);
        return new MetricSnapshots(out);
    }

    private static void traffic(String peer, Counters c, Families.Counter packets, Families.Counter bytes,
            Families.Counter dropped) {
        packets.add(c.passed(), "peer", peer, "verdict", "pass")
                .add(c.droppedPolicy() + c.probeReplies() + c.droppedGuard(), "peer", peer, "verdict", "drop")
                .add(c.malformed(), "peer", peer, "verdict", "malformed")
                .add(c.probesAnswered(), "peer", peer, "verdict", "tx");
        bytes.add(c.bytes(), "peer", peer);
        dropped.add(c.droppedPolicy(), "peer", peer, "reason", "policy").add(c.malformed(), "peer", peer, "reason", "malformed")
                .add(c.droppedGuard(), "peer", peer, "reason", "guard");
    }

    private static void guards(String peer, GuardCounters g, Families.Counter out) {
        out.add(g.rateLimited(), "peer", peer, "guard", "rate_limited")
                .add(g.unauthenticated(), "peer", peer, "guard", "unauthenticated")
                .add(g.replayed(), "peer", peer, "guard", "replayed").add(g.stale(), "peer", peer, "guard", "stale")
                .add(g.wrongInterface(), "peer", peer, "guard", "wrong_interface")
                .add(g.wrongMac(), "peer", peer, "guard", "wrong_mac");
    }
}
