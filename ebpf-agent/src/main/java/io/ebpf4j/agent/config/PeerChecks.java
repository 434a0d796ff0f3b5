package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code peers:}: identities, prefixes, probe addresses and port rules, and what must be unique. */
final class PeerChecks {
    private PeerChecks() {}

    static void check(AgentConfig config, Checker c) {
        SpiffeId self = config.node().spiffeId();
        Map<SpiffeId, String> ids = new HashMap<>();
        Map<Cidr, String> owners = new HashMap<>();
        List<PeerConfig> peers = config.peers();
        for (int i = 0; i < peers.size(); i++) {
            String path = KeyPath.item("peers", i);
            PeerConfig peer = peers.get(i);
            if (peer == null) {
                c.required(path, null, "a peer (a mapping with spiffeId and cidrs)");
                continue;
            }
            SpiffeId id = peer.spiffeId();
            String idPath = KeyPath.key(path, "spiffeId");
            if (c.required(idPath, id, "the peer's SPIFFE ID like spiffe://example.org/node/b")) {
                String first = ids.putIfAbsent(id, path);
                if (first != null) {
                    c.fail(idPath, "duplicate peer " + id + ": first declared at " + c.at(first));
                } else if (id.equals(self)) {
                    c.fail(idPath, "expected another node's SPIFFE ID, got this node's own (node.spiffeId)");
                }
            }
            cidrs(peer, path, owners, c);
            probeAddress(peer, path, c);
            ports(peer, path, c);
        }
    }

    private static void cidrs(PeerConfig peer, String path, Map<Cidr, String> owners, Checker c) {
        String cidrsPath = KeyPath.key(path, "cidrs");
        if (!c.nonEmpty(cidrsPath, peer.cidrs(), "a list of the prefixes the peer's traffic comes from like [10.0.1.0/24]")) {
            return;
        }
        for (int j = 0; j < peer.cidrs().size(); j++) {
            Cidr cidr = peer.cidrs().get(j);
            if (cidr == null) {
                c.required(KeyPath.item(cidrsPath, j), null, "a CIDR like 10.0.0.0/24");
                continue;
            }
            String here = KeyPath.item(cidrsPath, j);
            String first = owners.putIfAbsent(cidr, here);
            if (first != null) {
                c.fail(here, cidr + " is listed twice (first at " + c.at(first) + "): a prefix belongs to one peer");
            }
        }
    }

    private static void probeAddress(PeerConfig peer, String path, Checker c) {
        if (peer.probeAddress() == null) {
            return;
        }
        Cidr address = Cidr.of(peer.probeAddress());
        List<Cidr> cidrs = peer.cidrs().stream().filter(Objects::nonNull).toList();
        if (!cidrs.isEmpty() && cidrs.stream().noneMatch(p -> p.contains(address))) {
            c.fail(KeyPath.key(path, "probeAddress"), "expected an address inside the peer's cidrs ("
                    + cidrs.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + "), got "
                    + peer.probeAddress().getHostAddress() + " (its replies would not be counted as the peer's)");
        }
    }

    private static void ports(PeerConfig peer, String path, Checker c) {
        Map<String, String> seen = new HashMap<>();
        for (int j = 0; j < peer.ports().size(); j++) {
            String rulePath = KeyPath.item(KeyPath.key(path, "ports"), j);
            PortRuleConfig rule = peer.ports().get(j);
            if (rule == null) {
                c.required(rulePath, null, "a port rule (protocol, port, action)");
                continue;
            }
            boolean protocol = c.required(KeyPath.key(rulePath, "protocol"), rule.protocol(), "one of tcp, udp, icmp, icmpv6");
            c.required(KeyPath.key(rulePath, "action"), rule.action(), "allow or deny");
            String portPath = KeyPath.key(rulePath, "port");
            if (protocol && !rule.protocol().hasPorts()) {
                if (rule.effectivePort() != 0) {
                    c.fail(portPath, "expected 0 (any) or no port: " + EnumDeserializer.name(rule.protocol())
                            + " has no ports, got " + rule.port());
                }
            } else {
                c.range(portPath, rule.port(), 0, 65535, "a port 1..65535, or 0 for any port");
            }
            if (protocol) {
                String key = EnumDeserializer.name(rule.protocol()) + "/" + (rule.effectivePort() == 0 ? "any" : rule.effectivePort());
                String first = seen.putIfAbsent(key, rulePath);
                if (first != null) {
                    c.fail(rulePath, "a second rule for " + key + " (first at " + c.at(first) + ")");
                }
            }
        }
    }
}
