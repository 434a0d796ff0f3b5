package io.ebpf4j.agent;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The mesh's nodes as the agents number them for the heal loop's telemetry graph and the gossip view:
 * this node and its peers, sorted by SPIFFE ID (as text); a node's number is its position. No
 * coordination is needed, but every agent of a mesh must list the same nodes (itself and its peers):
 * an agent whose numbering differs is told apart by the gossip view (its records name their node) and
 * its records are ignored, with a warning.
 *
 * @param ids  the nodes' SPIFFE IDs in number order
 * @param self this node's number
 */
public record MeshNodes(List<SpiffeId> ids, int self) {
    public MeshNodes {
        ids = List.copyOf(ids);
        if (self < 0 || self >= ids.size()) {
            throw new IllegalArgumentException("node " + self + " of " + ids.size());
        }
    }

    /** The numbering of {@code node} and {@code peers} (duplicates ignored). */
    public static MeshNodes of(SpiffeId node, List<SpiffeId> peers) {
        TreeSet<SpiffeId> all = new TreeSet<>(Comparator.comparing(SpiffeId::toString));
        all.add(Objects.requireNonNull(node, "node"));
        all.addAll(peers);
        List<SpiffeId> ids = new ArrayList<>(all);
        return new MeshNodes(ids, ids.indexOf(node));
    }

    /** The number of {@code id}, or -1 when it is not a node of the mesh. */
    public int number(SpiffeId id) {
        return ids.indexOf(id);
    }

    /** The SPIFFE ID of node {@code number}. */
    public SpiffeId id(int number) {
        return ids.get(number);
    }

    /** Every node's identity (its SPIFFE ID as text) by number: what the gossip view checks publications against. */
    public Map<Integer, String> names() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            m.put(i, ids.get(i).toString());
        }
        return m;
    }
}
