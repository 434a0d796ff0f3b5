package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.mesh.Counters;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.ebpf4j.hooks.mesh.Prober;
import java.util.ArrayList;
import java.util.List;

/**
 * The Monitor phase for one node's links: turns the mesh filter's cumulative probe statistics and
 * per-peer counters, and the prober's send counts, into one {@link EdgeSample} per neighbour and
 * period (deltas since the previous call). It reads only what the hooks already keep: one per-CPU
 * map lookup per neighbour and counter, no extra kernel polling. Not thread-safe (the loop's thread).
 */
final class EdgeMonitor {
    private final int self;
    private final MeshFilter filter;
    private final Prober prober;
    private final List<Neighbour> neighbours;
    private final int[] identities;
    private final long[] lastDue;
    private final long[] lastReplies;
    private final long[] lastExpected;
    private final long[] lastLost;
    private final long[] lastRttSum;
    private final long[] lastSamples;
    private final long[] lastBytes;
    private long lastNanos;

    EdgeMonitor(int self, MeshFilter filter, Prober prober, List<Neighbour> neighbours) {
        this.self = self;
        this.filter = filter;
        this.prober = prober;
        this.neighbours = List.copyOf(neighbours);
        int n = this.neighbours.size();
        identities = new int[n];
        for (int i = 0; i < n; i++) {
            Neighbour nb = this.neighbours.get(i);
            identities[i] = filter.identities().identity(nb.id()).orElseThrow(() -> new IllegalStateException(
                    "neighbour " + nb.id() + " is not registered in node " + self + "'s mesh filter"));
        }
        lastDue = new long[n];
        lastReplies = new long[n];
        lastExpected = new long[n];
        lastLost = new long[n];
        lastRttSum = new long[n];
        lastSamples = new long[n];
        lastBytes = new long[n];
        lastNanos = System.nanoTime();
        sample(); // baseline: the first period starts now
    }

    List<Neighbour> neighbours() {
        return neighbours;
    }

    /** A probe train to neighbour node {@code peer} (see {@link LinkTrain}); null when it is no neighbour. */
    LinkTrain.Result train(int peer, LinkTrain train) {
        for (int i = 0; i < neighbours.size(); i++) {
            if (neighbours.get(i).node() == peer) {
                return train.run(neighbours.get(i).id(), identities[i]);
            }
        }
        return null;
    }

    MeshFilter filter() {
        return filter;
    }

    Prober prober() {
        return prober;
    }

    /**
     * The period's loss. Sequence gaps (the kernel counts a probe lost when a later one comes back)
     * are exact and free of period-boundary effects (a reply landing just after the boundary is
     * not a loss); they are blind to a total outage, which shows as no reply at all while at least
     * two probes were due: loss 1.
     */
    static double lossRatio(long due, long replies, long expectedDelta, long lostDelta) {
        if (due <= 0) {
            return Double.NaN;
        }
        if (replies == 0) {
            return due >= 2 ? 1.0 : Double.NaN;
        }
        if (expectedDelta <= 0) {
            return 0;
        }
        return Math.min(1, Math.max(0, (double) lostDelta / expectedDelta));
    }

    /** One sample per neighbour for the period since the previous call. */
    List<EdgeSample> sample() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        List<EdgeSample> out = new ArrayList<>(neighbours.size());
        for (int i = 0; i < neighbours.size(); i++) {
            Neighbour nb = neighbours.get(i);
            ProbeStats ps = filter.probeStats(identities[i]);
            Counters c = filter.counters(identities[i]);
            long due = prober.sent(nb.id()) + prober.sendErrors(nb.id());
            long samples = ps.samples();
            long rttSum = ps.meanRttNs() * samples;
            long dDue = due - lastDue[i];
            long dReplies = Math.max(0, ps.replies() - lastReplies[i]);
            long dSamples = samples - lastSamples[i];
            double loss = lossRatio(dDue, dReplies, ps.expected() - lastExpected[i], ps.lost() - lastLost[i]);
            double rtt = dSamples <= 0 ? Double.NaN : Math.max(0, (rttSum - lastRttSum[i]) / (double) dSamples / 1000.0);
            double bps = Math.max(0, c.bytes() - lastBytes[i]) / seconds;
            out.add(new EdgeSample(self, nb.node(), now, dDue, dReplies, loss, rtt, bps));
            lastDue[i] = due;
            lastReplies[i] = ps.replies();
            lastExpected[i] = ps.expected();
            lastLost[i] = ps.lost();
            lastRttSum[i] = rttSum;
            lastSamples[i] = samples;
            lastBytes[i] = c.bytes();
        }
        lastNanos = now;
        return out;
    }
}
