package io.ebpf4j.hooks.metrics;

import io.ebpf4j.hooks.netevents.Endpoint;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.netevents.PeerCounters;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link NetEvents}' per-peer TCP counters and drops per reason, read at each scrape. The
 * {@code peer} label is the remote IP address (ports summed: one series per host, not per
 * connection, to bound cardinality).
 */
public final class NetEventsCollector implements MultiCollector {
    private final NetEvents hook;
    private final Labels constLabels;

    /** A collector of {@code hook}'s maps (the hook stays owned by the caller). */
    public NetEventsCollector(NetEvents hook) {
        this(hook, Labels.EMPTY);
    }

    /** A collector of {@code hook}'s maps whose every series also carries {@code constLabels}. */
    public NetEventsCollector(NetEvents hook, Labels constLabels) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.constLabels = ConstLabels.check(constLabels);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, long[]> byHost = new java.util.TreeMap<>();
        for (Map.Entry<Endpoint, PeerCounters> e : hook.peers().entrySet()) {
            long[] acc = byHost.computeIfAbsent(e.getKey().address().getHostAddress(), k -> new long[4]);
            PeerCounters c = e.getValue();
            acc[0] += c.retransmits();
            acc[1] += c.resetsSent();
            acc[2] += c.resetsReceived();
            acc[3] += c.aborts();
        }
        var retrans = new Families.Counter("ebpf4j_net_retransmits", "TCP retransmits to a peer.", constLabels);
        var resets = new Families.Counter("ebpf4j_net_resets",
                "TCP resets to (direction=sent) or from (direction=received) a peer.", constLabels);
        var aborts = new Families.Counter("ebpf4j_net_aborts", "TCP connections to a peer that went from ESTABLISHED to CLOSE.",
                constLabels);
        byHost.forEach((peer, v) -> {
            retrans.add(v[0], "peer", peer);
            resets.add(v[1], "peer", peer, "direction", "sent").add(v[2], "peer", peer, "direction", "received");
            aborts.add(v[3], "peer", peer);
        });
        var drops = new Families.Counter("ebpf4j_net_drops", "Packets the kernel dropped, by skb drop reason.", constLabels);
        hook.drops().forEach((reason, n) -> drops.add(n, "reason", reason.name()));
        var lost = new Families.Counter("ebpf4j_net_lost_events", "Events the ring buffer had no room for.", constLabels)
                .add(hook.lostEvents());
        List<MetricSnapshot> out = new ArrayList<>();
        for (var f : List.of(retrans, resets, aborts, drops, lost)) {
            f.into(out);
        }
        return new MetricSnapshots(out);
    }
}
