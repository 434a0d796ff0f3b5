package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.mesh.Action;
import java.nio.file.Path;
import java.util.List;

/**
 * An agent's configuration file, as written: one YAML mapping with the sections below (each a record
 * of this package, which documents its keys and defaults). Keys are checked: a key the file does not
 * know, a value of the wrong type or a value the library's parsers refuse (SPIFFE ID, CIDR,
 * duration, address) is an error that names the key path, the line and column and what was
 * expected; see {@link #load(Path)}. A value left out means its default; {@code effective*()}
 * methods give it.
 *
 * <pre>{@code
 * node: {...}            # NodeConfig: this node's SPIFFE ID, interfaces, XDP mode (required)
 * defaultAction: allow   # allow | deny: unknown sources and peers without an action (default allow)
 * peers: [...]           # PeerConfig: SPIFFE ID -> CIDRs, action, probe address, port rules
 * probes: {...}          # ProbeConfig: port, interval, burst
 * hooks: {...}           # HooksConfig: syscalls (SyscallHookConfig), netEvents (NetEventsConfig)
 * alerts: [...]          # AlertRuleConfig: the alert engine's rules
 * services: [...]        # ServiceConfig: services this node reaches, their addresses and replicas
 * healing: {...}         # HealingConfig: loop on/off, period, allowed actions, guards (GuardConfig)
 * metrics: {...}         # MetricsConfig: the /metrics listen address
 * journal: /var/lib/ebpf4j/a/journal.jsonl   # the decision journal (absolute path)
 * pinDir: /sys/fs/bpf/ebpf4j/a               # the agent's bpffs directory (absolute path)
 * gossip: {...}          # GossipConfig: bind address and seed members
 * }</pre>
 *
 * @param node          the {@code node:} section
 * @param defaultAction the mesh filter's default action; null: {@link Action#ALLOW} (as {@code MeshFilter})
 * @param peers         the peers
 * @param probes        the {@code probes:} section
 * @param hooks         the {@code hooks:} section
 * @param alerts        the alert rules
 * @param services      the services this node reaches
 * @param healing       the {@code healing:} section
 * @param metrics       the {@code metrics:} section
 * @param journal       the decision journal file; null: {@code /var/lib/ebpf4j/<node name>/journal.jsonl}
 * @param pinDir        the bpffs directory the agent pins under; null: {@code /sys/fs/bpf/ebpf4j/<node name>}
 * @param gossip        the {@code gossip:} section
 */
public record AgentConfig(NodeConfig node, Action defaultAction, List<PeerConfig> peers, ProbeConfig probes,
        HooksConfig hooks, List<AlertRuleConfig> alerts, List<ServiceConfig> services, HealingConfig healing,
        MetricsConfig metrics, Path journal, Path pinDir, GossipConfig gossip) {
    /** Where the journal goes by default, per node name. */
    public static final Path DEFAULT_JOURNAL_DIR = Path.of("/var/lib/ebpf4j");
    /** Where the agent pins by default, per node name. */
    public static final Path DEFAULT_PIN_ROOT = Path.of("/sys/fs/bpf/ebpf4j");

    public AgentConfig {
        node = node == null ? new NodeConfig(null, null, null, null) : node;
        peers = Lists.copy(peers);
        probes = probes == null ? new ProbeConfig(null, null, null, null) : probes;
        hooks = hooks == null ? new HooksConfig(null, null) : hooks;
        alerts = Lists.copy(alerts);
        services = Lists.copy(services);
        healing = healing == null ? new HealingConfig(null, null, null, null, null, null) : healing;
        metrics = metrics == null ? new MetricsConfig(null) : metrics;
        gossip = gossip == null ? new GossipConfig(null, null) : gossip;
    }

    /**
     * Reads and checks the configuration file {@code file}.
     *
     * @throws ConfigException naming every problem found (or the file that cannot be read)
     */
    public static AgentConfig load(Path file) {
        return ConfigReader.load(file);
    }

    /**
     * Reads and checks a configuration given as text.
     *
     * @param yaml   the file's content
     * @param source the name problems are reported under, e.g. the file name
     * @throws ConfigException naming every problem found
     */
    public static AgentConfig parse(String yaml, String source) {
        return ConfigReader.read(yaml, source);
    }

    /** The default action, {@link Action#ALLOW} when not given. */
    public Action effectiveDefaultAction() {
        return defaultAction == null ? Action.ALLOW : defaultAction;
    }

    /** The journal path, or its default for the node's name. */
    public Path effectiveJournal() {
        return journal != null ? journal : DEFAULT_JOURNAL_DIR.resolve(node.effectiveName()).resolve("journal.jsonl");
    }

    /** The pin directory, or its default for the node's name. */
    public Path effectivePinDir() {
        return pinDir != null ? pinDir : DEFAULT_PIN_ROOT.resolve(node.effectiveName());
    }
}
