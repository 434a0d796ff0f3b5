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
            binding(peer, path, config.node().interfaces(), c);
        }
    }

    private static void binding(PeerConfig peer, String path, List<String> interfaces, Checker c) {
        PeerBindingConfig b = peer.binding();
        if (b == null) {
            return;
        }
        String bindingPath = KeyPath.key(path, "binding");
        if (c.reported(bindingPath)) {
            return; // an unknown key or a wrong type there was named already
        }
        if (b.ifname() == null && b.mac() == null) {
            c.fail(bindingPath, "expected an interface, a mac or both (like {interface: eth1, mac: 02:00:00:00:01:02})");
            return;
        }
        if (b.ifname() != null && !interfaces.contains(b.ifname())) {
            c.fail(KeyPath.key(bindingPath, "interface"), "expected one of node.interfaces (" + String.join(", ", interfaces)
                    + "), got '" + b.ifname() + "' (the filter sees only frames arriving there)");
        }
        if (b.mac() != null) {
            try {
                io.ebpf4j.hooks.mesh.IdentityBinding.parseMac(b.mac());
            } catch (IllegalArgumentException e) {
                c.fail(KeyPath.key(bindingPath, "mac"), e.getMessage());
            }
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
