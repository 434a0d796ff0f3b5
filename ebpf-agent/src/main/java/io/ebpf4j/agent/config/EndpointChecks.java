package io.ebpf4j.agent.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code metrics}, {@code journal}, {@code pinDir}, {@code gossip}: addresses to bind and paths to write. */
final class EndpointChecks {
    private EndpointChecks() {}

    static void check(AgentConfig config, Checker c) {
        HostPort listen = config.metrics().listen();
        if (listen != null && listen.address().isEmpty()) {
            c.fail("metrics.listen", "expected an IP address and port like 127.0.0.1:9464, got '" + listen
                    + "' (a listen address is an IP literal: nothing is looked up in DNS)");
        }
        MetricsChecks.check(config.metrics(), c);
        absolute("journal", config.journal(), "/var/lib/ebpf4j/a/journal.jsonl", c);
        absolute("pinDir", config.pinDir(), "/sys/fs/bpf/ebpf4j/a", c);
        gossip(config.gossip(), c);
    }

    private static void absolute(String key, Path p, String example, Checker c) {
        if (p != null && (!p.isAbsolute() || !p.normalize().equals(p))) {
            c.fail(key, "expected an absolute path without '.' or '..' like " + example + ", got '" + p + "'");
        }
    }

    private static void gossip(GossipConfig g, Checker c) {
        HostPort bind = g.bind();
        if (bind != null) {
            if (bind.address().isEmpty()) {
                c.fail("gossip.bind", "expected an IP address and port like 10.0.1.1:7950, got '" + bind
                        + "' (a bind address is an IP literal: nothing is looked up in DNS)");
            } else if (bind.port() == 0) {
                c.fail("gossip.bind", "expected a port 1..65535 the other agents can reach, got " + bind);
            }
        } else if (!g.seeds().isEmpty()) {
            c.fail("gossip.seeds", "seeds without gossip.bind: set bind to gossip (or leave the gossip section out)");
        }
        GossipAuthConfig auth = g.auth();
        if (auth != null && c.required("gossip.auth.keyFile", auth.keyFile(), "the gossip key file (an absolute path)")) {
            if (!auth.keyFile().isAbsolute()) {
                c.fail("gossip.auth.keyFile", "expected an absolute path like /etc/ebpf4j/gossip.keys, got '"
                        + auth.keyFile() + "'");
            } else {
                try {
                    GossipKeyFile.read(auth.keyFile());
                } catch (IllegalArgumentException e) {
                    c.fail("gossip.auth.keyFile", e.getMessage());
                }
            }
            if (bind == null) {
                c.fail("gossip.auth", "gossip.auth without gossip.bind: set bind to gossip (or leave auth out)");
            }
        }
        Map<HostPort, Integer> seen = new HashMap<>();
        for (int i = 0; i < g.seeds().size(); i++) {
            HostPort s = g.seeds().get(i);
            String path = KeyPath.item("gossip.seeds", i);
            if (s == null) {
                c.required(path, null, "an address and port like 10.0.1.2:7950");
                continue;
            }
            if (s.port() == 0) {
                c.fail(path, "expected a port 1..65535, got " + s);
            }
            Integer first = seen.putIfAbsent(s, i);
            if (first != null) {
                c.fail(path, "seed " + s + " is listed twice (first at " + c.at(KeyPath.item("gossip.seeds", first)) + ")");
            }
        }
    }
}
