package io.ebpf4j.heal.experiment.fault;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which client flows a fault impairs under the mesh's default routing (every node reaches
 * {@code V_j} over its direct link to {@code j}, or locally when it is {@code j}'s replica).
 * A flow {@code (src, vipOwner)} is node {@code src} requesting the service at {@code V_vipOwner}.
 *
 * <ul>
 *   <li>link a-b (loss, down, bandwidth): {@code (a, b)} and {@code (b, a)}, each unless the source is
 *       the destination's replica (then the VIP is local); no other flow crosses a-b in a full mesh.</li>
 *   <li>blackhole j and service-kill j: {@code (i, j)} for every {@code i != j} with
 *       {@code i != replica(j)}. (Node j's own requests under a blackhole fail too, but no action of
 *       another node can heal them, so they are not counted.)</li>
 * </ul>
 */
public final class AffectedFlows {
    /** Node {@code src} requesting {@code V_vipOwner}. Ordered by source, then owner. */
    public record Flow(int src, int vipOwner) implements Comparable<Flow> {
        @Override
        public int compareTo(Flow o) {
            return src != o.src ? Integer.compare(src, o.src) : Integer.compare(vipOwner, o.vipOwner);
        }

        @Override
        public String toString() {
            return src + "->V" + vipOwner;
        }
    }

    private AffectedFlows() {}

    /** The flows {@code fault} impairs in {@code mesh}. */
    public static Set<Flow> affectedFlows(Fault fault, HealMesh mesh) {
        return affectedFlows(fault, mesh.size());
    }

    /** The flows {@code fault} impairs in a heal mesh of {@code nodes} nodes (replica of j: (j+1) % nodes). */
    public static Set<Flow> affectedFlows(Fault fault, int nodes) {
        Set<Flow> out = new TreeSet<>();
        switch (fault) {
            case Fault.LinkLoss f -> link(out, f.a(), f.b(), nodes);
            case Fault.LinkDown f -> link(out, f.a(), f.b(), nodes);
            case Fault.BandwidthCollapse f -> link(out, f.a(), f.b(), nodes);
            case Fault.Blackhole f -> node(out, f.node(), nodes);
            case Fault.ServiceKill f -> node(out, f.node(), nodes);
            case Fault.AgentKill f -> { } // the datapath keeps working: no flow should suffer
            case Fault.GossipPartition f -> { }
        }
        return out;
    }

    private static void link(Set<Flow> out, int a, int b, int nodes) {
        check(a, nodes);
        check(b, nodes);
        if (a == b) {
            throw new IllegalArgumentException("no link from node " + a + " to itself");
        }
        if (a != replica(b, nodes)) {
            out.add(new Flow(a, b));
        }
        if (b != replica(a, nodes)) {
            out.add(new Flow(b, a));
        }
    }

    private static void node(Set<Flow> out, int j, int nodes) {
        check(j, nodes);
        for (int i = 0; i < nodes; i++) {
            if (i != j && i != replica(j, nodes)) {
                out.add(new Flow(i, j));
            }
        }
    }

    private static int replica(int j, int nodes) {
        return (j + 1) % nodes;
    }

    private static void check(int node, int nodes) {
        if (node < 0 || node >= nodes) {
            throw new IndexOutOfBoundsException("node " + node + " of a " + nodes + "-node mesh");
        }
    }
}
