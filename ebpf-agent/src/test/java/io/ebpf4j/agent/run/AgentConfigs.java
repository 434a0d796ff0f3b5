package io.ebpf4j.agent.run;

import io.ebpf4j.testkit.netns.VethPair;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Generated agent configurations for a node whose mesh interface is a veth pair's host end. */
final class AgentConfigs {
    static final String PEER = "spiffe://test.example/node/b";
    static final String PEER_C = "spiffe://test.example/node/c";

    private AgentConfigs() {}

    /**
     * Node a on {@code veth}'s host end; peer b is the namespace end ({@code peerIp/32}) with
     * {@code action}, probed at its address; a probe-loss alert rule; metrics on any free loopback port.
     */
    static String node(VethPair veth, Path dir, String action, int probePort) {
        return node(veth, dir, action, probePort, "");
    }

    /** {@link #node(VethPair, Path, String, int)} with a {@code hooks:} section's body (indented by two). */
    static String node(VethPair veth, Path dir, String action, int probePort, String hooks) {
        return """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [%s]
                defaultAction: allow
                peers:
                  - spiffeId: %s
                    cidrs: [%s/32]
                    action: %s
                    probeAddress: %s
                probes:
                  port: %d
                  interval: 50ms
                alerts:
                  - kind: probe-loss
                    id: peer-loss
                    maxLossRatio: 0.5
                    window: 1s
                    minProbes: 5
                hooks:
                %s
                healing:
                  enabled: false
                metrics:
                  listen: 127.0.0.1:0
                journal: %s
                pinDir: %s
                """.formatted(veth.hostIf(), PEER, veth.peerIp(), action, veth.peerIp(), probePort,
                hooks.isEmpty() ? "  syscalls: {enabled: false}" : hooks.stripTrailing(),
                dir.resolve("state").resolve("journal.jsonl"), pins(dir));
    }

    /**
     * Node a on the host ends of {@code b} and {@code c}: peer b (b's namespace end) allowed, peer c
     * (c's namespace end) denied; default action allow; nothing probed.
     */
    static String twoPeers(VethPair b, VethPair c, Path dir) {
        return """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [%s, %s]
                defaultAction: allow
                peers:
                  - spiffeId: %s
                    cidrs: [%s/32]
                    action: allow
                  - spiffeId: %s
                    cidrs: [%s/32]
                    action: deny
                hooks:
                  syscalls: {enabled: false}
                healing:
                  enabled: false
                metrics:
                  listen: 127.0.0.1:0
                journal: %s
                pinDir: %s
                """.formatted(b.hostIf(), c.hostIf(), PEER, b.peerIp(), PEER_C, c.peerIp(),
                dir.resolve("state").resolve("journal.jsonl"), pins(dir));
    }

    /**
     * The test's own pin directory on bpffs (unique per {@code @TempDir}; bpffs refuses names with a
     * dot). The test removes it with {@code AgentRuntime.uninstall} in {@code finally}.
     */
    static Path pins(Path dir) {
        return Path.of("/sys/fs/bpf", "e4j-agent-" + dir.getFileName().toString().replace('.', '-'));
    }

    /** A probe port unlikely to collide with other tests running at the same time. */
    static int probePort() {
        return 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    }
}
