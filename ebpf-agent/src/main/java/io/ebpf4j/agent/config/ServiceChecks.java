package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code services:}: names, addresses, ports, and that the node serving each service and its
 * replicas are nodes this file declares (a peer, or this node).
 */
final class ServiceChecks {
    private ServiceChecks() {}

    static void check(AgentConfig config, Checker c) {
        Set<SpiffeId> nodes = new HashSet<>();
        config.peers().stream().filter(Objects::nonNull).map(PeerConfig::spiffeId).filter(Objects::nonNull).forEach(nodes::add);
        if (config.node().spiffeId() != null) {
            nodes.add(config.node().spiffeId());
        }
        Map<String, String> names = new HashMap<>();
        List<ServiceConfig> services = config.services();
        for (int i = 0; i < services.size(); i++) {
            String path = KeyPath.item("services", i);
            ServiceConfig s = services.get(i);
            if (s == null) {
                c.required(path, null, "a service (a mapping with name, addresses, port and servedBy)");
                continue;
            }
            String namePath = KeyPath.key(path, "name");
            if (c.required(namePath, s.name() == null || s.name().isBlank() ? null : s.name(), "a name like orders")) {
                String first = names.putIfAbsent(s.name(), path);
                if (first != null) {
                    c.fail(namePath, "duplicate service '" + s.name() + "': first declared at " + c.at(first));
                }
            }
            c.nonEmpty(KeyPath.key(path, "addresses"), s.addresses(), "a list of the service's prefixes like [198.19.0.2/32]");
            if (c.required(KeyPath.key(path, "port"), s.port(), "the service's TCP port like 7002")) {
                c.range(KeyPath.key(path, "port"), s.port(), 1, 65535, "a TCP port 1..65535");
            }
            String servedPath = KeyPath.key(path, "servedBy");
            if (c.required(servedPath, s.servedBy(), "the SPIFFE ID of the peer (or this node) serving it")
                    && !nodes.contains(s.servedBy())) {
                c.fail(servedPath, "unknown node " + s.servedBy() + ": expected the SPIFFE ID of a peer (under peers) "
                        + "or of this node");
            }
            replicas(s, path, nodes, c);
        }
    }

    private static void replicas(ServiceConfig s, String path, Set<SpiffeId> nodes, Checker c) {
        Set<SpiffeId> seen = new HashSet<>();
        for (int j = 0; j < s.replicas().size(); j++) {
            String p = KeyPath.item(KeyPath.key(path, "replicas"), j);
            SpiffeId r = s.replicas().get(j);
            if (r == null) {
                c.required(p, null, "a replica's SPIFFE ID");
            } else if (!nodes.contains(r)) {
                c.fail(p, "unknown replica " + r + " of service '" + s.name() + "': expected the SPIFFE ID of a peer "
                        + "(under peers) or of this node");
            } else if (r.equals(s.servedBy())) {
                c.fail(p, "expected another node than servedBy, got " + r + ": a service is not its own replica");
            } else if (!seen.add(r)) {
                c.fail(p, "replica " + r + " is listed twice");
            }
        }
    }
}
