package io.ebpf4j.agent;

import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.config.AlertRuleConfig;
import io.ebpf4j.agent.config.HostPort;
import io.ebpf4j.agent.config.MetricsBasicAuthConfig;
import io.ebpf4j.agent.config.MetricsConfig;
import io.ebpf4j.agent.config.MetricsTlsConfig;
import io.ebpf4j.agent.config.NetEventsConfig;
import io.ebpf4j.agent.config.PeerConfig;
import io.ebpf4j.agent.config.PortRuleConfig;
import io.ebpf4j.agent.config.ProbeAuthConfig;
import io.ebpf4j.agent.config.ProbeKeyFile;
import io.ebpf4j.agent.config.ServiceConfig;
import io.ebpf4j.agent.config.SyscallHookConfig;
import io.ebpf4j.heal.loop.HealNode;
import io.ebpf4j.heal.loop.MeshService;
import io.ebpf4j.heal.loop.Neighbour;
import io.ebpf4j.heal.learn.DetectorChoice;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent does on its node, derived from a checked {@link AgentConfig} with every default
 * filled in and every value in the library's own types: the mesh filter and its peers, the probes,
 * the hooks and their filters, the alert rules ({@link AlertRule}), the services, the healing loop
 * and its guards, and where metrics, the journal, the pins and the gossip go. A pure description:
 * deriving it touches neither the kernel nor the network. {@link #render()} (also
 * {@link #toString()}) is what {@code ebpf4j agent --check} prints.
 *
 * @param node      this node's SPIFFE ID
 * @param nodeName  this node's short name (pin and journal directories)
 * @param mesh      the mesh filter and the peers
 * @param probes    the probes
 * @param syscalls  the syscall latency hook
 * @param netEvents the network events hook
 * @param alerts    the alert rules, in file order
 * @param services  the services the node reaches
 * @param healing   the self-healing loop
 * @param metrics   where {@code /metrics} is served
 * @param metricsAuth how {@code /metrics} is protected (TLS, basic authentication)
 * @param journal   the decision journal file
 * @param pinDir    the bpffs directory the agent pins under
 * @param gossip    membership and gossip
 */
public record AgentPlan(SpiffeId node, String nodeName, MeshPlan mesh, ProbePlan probes, SyscallPlan syscalls,
        NetEventsPlan netEvents, List<AlertRule> alerts, List<ServicePlan> services, HealingPlan healing,
        InetSocketAddress metrics, Path journal, Path pinDir, GossipPlan gossip, MetricsAuthPlan metricsAuth) {
    /** A plan serving {@code /metrics} over plain HTTP without authentication. */
    public AgentPlan(SpiffeId node, String nodeName, MeshPlan mesh, ProbePlan probes, SyscallPlan syscalls,
            NetEventsPlan netEvents, List<AlertRule> alerts, List<ServicePlan> services, HealingPlan healing,
            InetSocketAddress metrics, Path journal, Path pinDir, GossipPlan gossip) {
        this(node, nodeName, mesh, probes, syscalls, netEvents, alerts, services, healing, metrics, journal, pinDir, gossip,
                MetricsAuthPlan.NONE);
    }

    public AgentPlan {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(syscalls, "syscalls");
        Objects.requireNonNull(netEvents, "netEvents");
        alerts = List.copyOf(alerts);
        services = List.copyOf(services);
        Objects.requireNonNull(healing, "healing");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(pinDir, "pinDir");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(metricsAuth, "metricsAuth");
    }

    /**
     * The plan of a configuration as {@link AgentConfig#load} returns it (checked).
     *
     * @throws IllegalArgumentException when a required value is missing (an unchecked configuration)
     */
    public static AgentPlan of(AgentConfig config) {
        SpiffeId node = required(config.node().spiffeId(), "node.spiffeId");
        MeshPlan mesh = new MeshPlan(config.node().interfaces(), config.node().effectiveXdpMode(),
                config.effectiveDefaultAction(), config.peers().stream().map(AgentPlan::peer).toList(),
                config.node().effectiveIdentityCapacity());
        Map<SpiffeId, InetAddress> targets = new LinkedHashMap<>();
        if (config.probes().enabled()) {
            config.peers().forEach(p -> {
                if (p.probeAddress() != null) {
                    targets.put(p.spiffeId(), p.probeAddress());
                }
            });
        }
        ProbePlan probes = new ProbePlan(config.probes().effectivePort(), config.probes().effectiveInterval(),
                config.probes().effectiveBurst(), targets, auth(config.probes().auth()));
        SyscallHookConfig s = config.hooks().syscalls();
        SyscallPlan syscalls = new SyscallPlan(s.on(), s.effectiveSyscalls(), Optional.ofNullable(s.cgroup()),
                s.tgid() == null ? 0 : s.tgid(), Optional.ofNullable(s.slowThreshold()).filter(d -> !d.isZero()));
        NetEventsConfig n = config.hooks().netEvents();
        NetEventsPlan netEvents = new NetEventsPlan(n.on(), n.effectiveEvents(), n.effectiveTracepoints(),
                Boolean.TRUE.equals(n.allStateChanges()), Boolean.TRUE.equals(n.unspecifiedDrops()),
                Boolean.TRUE.equals(n.allNamespaces()));
        List<AlertRule> alerts = config.alerts().stream().map(AlertRuleConfig::toRule).toList();
        List<ServicePlan> services = config.services().stream().map(AgentPlan::service).toList();
        HealingPlan healing = new HealingPlan(config.healing().on(), config.healing().effectivePeriod(),
                config.healing().effectiveActions(), config.healing().guards().toSettings(),
                DetectorChoice.parse(config.healing().effectiveDetector()), config.healing().model());
        HostPort listen = config.metrics().effectiveListen();
        InetSocketAddress metrics = listen.socketAddress().orElseThrow(
                () -> new IllegalArgumentException("metrics.listen is not an IP address: " + listen));
        GossipPlan gossip = new GossipPlan(Optional.ofNullable(config.gossip().bind()).flatMap(HostPort::socketAddress),
                config.gossip().seeds(), Optional.ofNullable(config.gossip().auth()).map(a -> required(a.keyFile(),
                        "gossip.auth.keyFile")));
        return new AgentPlan(node, config.node().effectiveName(), mesh, probes, syscalls, netEvents, alerts, services,
                healing, metrics, config.effectiveJournal(), config.effectivePinDir(), gossip, metricsAuth(config.metrics()));
    }

    /** The files {@code /metrics}' secrets are read from (at start; the plan holds no secret). */
    private static MetricsAuthPlan metricsAuth(MetricsConfig m) {
        MetricsTlsConfig tls = m.tls();
        MetricsBasicAuthConfig auth = m.basicAuth();
        return new MetricsAuthPlan(Optional.ofNullable(tls).map(t -> required(t.keyStore(), "metrics.tls.keyStore")),
                Optional.ofNullable(tls).map(t -> required(t.passwordFile(), "metrics.tls.passwordFile")),
                Optional.ofNullable(auth).map(a -> required(a.user(), "metrics.basicAuth.user")),
                Optional.ofNullable(auth).map(a -> required(a.passwordFile(), "metrics.basicAuth.passwordFile")));
    }

    /** Probe authentication as configured: the key file read now (each reload reads it again). */
    private static ProbeAuthPlan auth(ProbeAuthConfig auth) {
        if (auth == null) {
            return ProbeAuthPlan.NONE;
        }
        ProbeKeyFile keys = ProbeKeyFile.read(required(auth.keyFile(), "probes.auth.keyFile"));
        return new ProbeAuthPlan(auth.effectiveRequired(), keys.mesh(), keys.peers());
    }

    private static PeerPlan peer(PeerConfig p) {
        List<PortRule> rules = p.ports().stream()
                .map((PortRuleConfig r) -> new PortRule(r.protocol(), r.effectivePort(), r.action())).toList();
        return new PeerPlan(required(p.spiffeId(), "peers[].spiffeId"), p.cidrs(), Optional.ofNullable(p.action()),
                Optional.ofNullable(p.probeAddress()), rules, Optional.ofNullable(p.binding()).map(b ->
                        new BindingPlan(Optional.ofNullable(b.ifname()), Optional.ofNullable(b.mac()), b.effectiveDrop())));
    }

    private static ServicePlan service(ServiceConfig s) {
        return new ServicePlan(s.name(), s.addresses(), required(s.port(), "services[].port"),
                required(s.servedBy(), "services[].servedBy"), s.replicas());
    }

    private static <T> T required(T value, String key) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing: plan a configuration AgentConfig.load has checked");
        }
        return value;
    }

    /** The mesh's nodes as the heal loop and the gossip view number them (this node and its peers). */
    public MeshNodes nodes() {
        return MeshNodes.of(node, mesh.peers().stream().map(PeerPlan::id).toList());
    }

    /**
     * This node as its heal loop sees it: its number ({@link #nodes()}), its neighbours (the peers it
     * probes, at their probe addresses, which are also the next hops of the routes through them) and
     * the services with their nodes' numbers. The loop runs in the agent's namespace.
     */
    public HealNode healNode() {
        MeshNodes n = nodes();
        List<Neighbour> neighbours = new ArrayList<>();
        probes.targets().forEach((id, address) -> neighbours.add(new Neighbour(n.number(id), id, address)));
        List<MeshService> meshServices = new ArrayList<>();
        for (ServicePlan s : services) {
            meshServices.add(new MeshService(s.name(), s.addresses().stream().map(Cidr::toString).toList(), s.port(),
                    n.number(s.servedBy()), s.replicas().stream().map(n::number).toList()));
        }
        return new HealNode(n.self(), node, null, neighbours, meshServices);
    }

    /** The effective policy of {@code peer}: its own action or the default one. */
    public Action policyOf(PeerPlan peer) {
        return peer.action().orElse(mesh.defaultAction());
    }

    /** The plan as lines of text: what {@code ebpf4j agent --check} prints. */
    public String render() {
        return PlanText.render(this);
    }

    @Override
    public String toString() {
        return render();
    }
}
