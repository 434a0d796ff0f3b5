package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.act.Route;
import java.util.List;
import java.util.Objects;

/**
 * A service a node reaches, as its heal loop reroutes it: the prefixes its clients send to, the node
 * that serves them and the nodes that serve them too (each has the addresses itself, so traffic sent
 * to a replica ends there). While the service is routed away from its node, the loop checks its own
 * instance with a TCP connect to {@code port} at that node's address on the direct link.
 *
 * @param name     the service's name (journal and logs)
 * @param prefixes its prefixes, e.g. {@code 198.19.0.2/32} (a bare address is read as a host route)
 * @param port     its TCP port, 1..65535
 * @param owner    the node that serves it
 * @param replicas the nodes that serve the same prefixes, in order of preference (the first is where
 *                 traffic goes when the owner is sick); never the owner
 */
public record MeshService(String name, List<String> prefixes, int port, int owner, List<Integer> replicas) {
    public MeshService {
        Objects.requireNonNull(name, "name");
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " has no prefix");
        }
        prefixes = prefixes.stream().map(Route::normalise).toList();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("service " + name + ": not a TCP port: " + port);
        }
        replicas = List.copyOf(replicas);
        if (replicas.contains(owner)) {
            throw new IllegalArgumentException("service " + name + ": node " + owner + " is its owner, not its replica");
        }
    }

    /** Whether node {@code node} has the service's addresses itself (it serves it or stands in for it). */
    public boolean servedBy(int node) {
        return node == owner || replicas.contains(node);
    }
}
