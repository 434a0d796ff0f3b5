package io.ebpf4j.examples;

import io.ebpf4j.hooks.mesh.Counters;
import io.ebpf4j.hooks.mesh.MeshStats;
import io.ebpf4j.hooks.mesh.PeerStats;
import io.ebpf4j.hooks.mesh.ProbeStats;
import java.util.Locale;

/** Renders the per-peer rows of {@code mesh-monitor}'s live table. */
final class PeerTable {
    private static final String FORMAT = "%-8s %-34s %10s %12s %8s %10s %10s %7s%n";

    private PeerTable() {}

    /** The header line. */
    static String header() {
        return String.format(Locale.ROOT, FORMAT, "NODE", "PEER", "PACKETS", "BYTES", "DROPPED", "RTT_LAST", "RTT_MIN", "LOSS");
    }

    /** One line per peer {@code node} knows. */
    static String rows(String node, MeshStats stats) {
        StringBuilder b = new StringBuilder();
        for (PeerStats p : stats.peers()) {
            Counters c = p.traffic();
            ProbeStats r = p.probe();
            b.append(String.format(Locale.ROOT, FORMAT, node, p.spiffeId(), c.packets(), c.bytes(), c.droppedPolicy(),
                    micros(r.lastRttNs()), micros(r.minRttNs()), String.format(Locale.ROOT, "%.1f%%", 100 * r.lossRatio())));
        }
        return b.toString();
    }

    private static String micros(long ns) {
        return ns <= 0 ? "-" : String.format(Locale.ROOT, "%.0fus", ns / 1e3);
    }
}
