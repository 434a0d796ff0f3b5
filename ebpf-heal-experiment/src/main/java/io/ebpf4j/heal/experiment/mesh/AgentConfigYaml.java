package io.ebpf4j.heal.experiment.mesh;

import io.ebpf4j.heal.experiment.traffic.EchoServices;
import io.ebpf4j.heal.plan.GuardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code ebpf4j agent} configuration file of one node of a {@link HealMesh}, for running one agent
 * process per namespace ({@code ip netns exec NS ebpf4j agent --config FILE}): the node's SPIFFE ID and
 * interfaces, every other node as a peer (its addresses, probed at its address on the direct link),
 * each node's service ({@code V_j}, TCP port {@link EchoServices#TCP_PORT}, replica {@code (j+1) mod n}),
 * healing with the given period and guards, the journal and pins under the given places, and the
 * gossip: bound to {@link #gossipAddress} of the node, seeded with that of every other agent. The
 * agents number the nodes by sorted SPIFFE ID, which for {@code node/0 .. node/7} is the mesh's order.
 *
 * @param probePort     the probe port (the mesh filter answers probes there)
 * @param probeInterval time between probe rounds
 * @param period        the heal loop's period
 * @param guards        the guard settings
 * @param gossipPort    the gossip port every agent binds on its gossip address
 * @param stateDir      each node's journal goes to {@code stateDir/n<i>/journal.jsonl}
 * @param pinPrefix     each node pins under {@code /sys/fs/bpf/<pinPrefix>-n<i>} (letters, digits, {@code -})
 * @param netEvents     whether the agents watch network events (resets: service faults)
 * @param detector      the agents' {@code healing.detector} ({@code rules}, {@code graphsage}, {@code mlp},
 *                      {@code combined})
 * @param model         the agents' {@code healing.model} (an absolute path), or null for the shipped model
 */
public record AgentConfigYaml(int probePort, Duration probeInterval, Duration period, GuardSettings guards,
        int gossipPort, Path stateDir, String pinPrefix, boolean netEvents, String detector, Path model) {
    /** Agents localising with the rules alone. */
    public AgentConfigYaml(int probePort, Duration probeInterval, Duration period, GuardSettings guards,
            int gossipPort, Path stateDir, String pinPrefix, boolean netEvents) {
        this(probePort, probeInterval, period, guards, gossipPort, stateDir, pinPrefix, netEvents, "rules", null);
    }

    public AgentConfigYaml {
        Objects.requireNonNull(detector, "detector");
        if (model != null && !model.isAbsolute()) {
            throw new IllegalArgumentException("the agents' model file must be an absolute path: " + model);
        }
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(guards, "guards");
        Objects.requireNonNull(stateDir, "stateDir");
        if (!pinPrefix.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("pin prefix must be letters, digits and '-' (bpffs): " + pinPrefix);
        }
    }

    /** Probes on 7946 every 10 ms, a 50 ms loop, default guards, gossip on 7950, network events on. */
    public static AgentConfigYaml defaults(Path stateDir, String pinPrefix) {
        return new AgentConfigYaml(7946, Duration.ofMillis(10), Duration.ofMillis(50), GuardSettings.DEFAULTS, 7950,
                stateDir, pinPrefix, true);
    }

    /**
     * Where node {@code i}'s agent gossips: its node address {@link HealMesh#nodeAddress} (on its
     * {@code lo}, reached by every other node over its direct link). An address on one link would make
     * a fault of that link look like the member's failure to everyone who reaches it through there.
     */
    public static String gossipAddress(HealMesh mesh, int i) {
        return mesh.nodeAddress(i);
    }

    /** These agents localising with {@code detector} (and {@code model}, null for the shipped one). */
    public AgentConfigYaml withDetector(String d, Path m) {
        return new AgentConfigYaml(probePort, probeInterval, period, guards, gossipPort, stateDir, pinPrefix, netEvents, d, m);
    }

    /** The journal file of node {@code i}. */
    public Path journal(int i) {
        return stateDir.resolve("n" + i).resolve("journal.jsonl");
    }

    /** The pin directory of node {@code i}. */
    public Path pinDir(int i) {
        return Path.of("/sys/fs/bpf", pinPrefix + "-n" + i);
    }

    /**
     * The configuration of node {@code node}'s agent, gossiping with the agents of {@code agents} (the
     * nodes that run one; this node may be among them) on their {@link #gossipAddress}.
     */
    public String render(HealMesh mesh, int node, List<Integer> agents) {
        return render(mesh, node, agents, i -> gossipAddress(mesh, i));
    }

    /** {@link #render(HealMesh, int, List)} with each agent's gossip address chosen by {@code gossipAt}. */
    public String render(HealMesh mesh, int node, List<Integer> agents, java.util.function.IntFunction<String> gossipAt) {
        StringBuilder y = new StringBuilder();
        y.append("node:\n  spiffeId: ").append(mesh.spiffeId(node)).append("\n  name: n").append(node)
                .append("\n  interfaces: [")
                .append(mesh.neighbours(node).stream().map(j -> mesh.ifname(node, j)).collect(Collectors.joining(", ")))
                .append("]\ndefaultAction: allow\npeers:\n");
        for (int j = 0; j < mesh.size(); j++) {
            if (j == node) {
                continue;
            }
            y.append("  - spiffeId: ").append(mesh.spiffeId(j)).append("\n    cidrs: [")
                    .append(String.join(", ", mesh.prefixes(j))).append("]\n");
            if (mesh.neighbours(node).contains(j)) {
                y.append("    probeAddress: ").append(mesh.linkAddress(j, node)).append('\n');
            }
        }
        y.append("probes:\n  port: ").append(probePort).append("\n  interval: ").append(millis(probeInterval)).append('\n');
        y.append("hooks:\n  syscalls: {enabled: false}\n  netEvents: {enabled: ").append(netEvents).append("}\n");
        y.append("services:\n");
        for (int j = 0; j < mesh.size(); j++) {
            y.append("  - name: v").append(j).append("\n    addresses: [").append(mesh.vipPrefix(j))
                    .append("]\n    port: ").append(EchoServices.TCP_PORT).append("\n    servedBy: ").append(mesh.spiffeId(j))
                    .append("\n    replicas: [").append(mesh.spiffeId(mesh.replica(j))).append("]\n");
        }
        y.append("healing:\n  enabled: true\n  period: ").append(millis(period)).append("\n  guards:\n    hold: ")
                .append(millis(guards.hold())).append("\n    cooldown: ").append(millis(guards.cooldown()))
                .append("\n    flapDamping: {toggles: ").append(guards.flapToggles()).append(", window: ")
                .append(millis(guards.flapWindow())).append("}\n    rateLimit: {max: ").append(guards.rateMax())
                .append(", window: ").append(millis(guards.rateWindow())).append("}\n");
        y.append("  detector: ").append(detector).append('\n');
        if (model != null) {
            y.append("  model: ").append(model).append('\n');
        }
        y.append("metrics:\n  listen: 127.0.0.1:0\n");
        y.append("journal: ").append(journal(node)).append('\n');
        y.append("pinDir: ").append(pinDir(node)).append('\n');
        y.append("gossip:\n  bind: ").append(gossipAt.apply(node)).append(':').append(gossipPort).append("\n  seeds: [")
                .append(agents.stream().filter(a -> a != node).map(a -> gossipAt.apply(a) + ":" + gossipPort)
                        .collect(Collectors.joining(", ")))
                .append("]\n");
        return y.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
