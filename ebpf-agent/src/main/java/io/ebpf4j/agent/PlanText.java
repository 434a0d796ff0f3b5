package io.ebpf4j.agent;

import io.ebpf4j.agent.config.Durations;
import io.ebpf4j.agent.config.HealingAction;
import io.ebpf4j.agent.config.HostPort;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import io.ebpf4j.map.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link AgentPlan#render()}: one labelled line per part of the plan, indented lines for its items. */
final class PlanText {
    private static final String INDENT = "  ";
    private static final int LABEL = 13;

    private final StringBuilder out = new StringBuilder();

    private PlanText() {}

    static String render(AgentPlan p) {
        PlanText t = new PlanText();
        t.out.append("ebpf4j agent plan for node ").append(p.nodeName()).append(" (").append(p.node()).append(")\n");
        t.mesh(p);
        t.probes(p.probes());
        t.syscalls(p.syscalls());
        t.netEvents(p.netEvents());
        t.alerts(p.alerts());
        t.services(p.services());
        t.healing(p);
        MetricsAuthPlan auth = p.metricsAuth();
        t.line("metrics", (auth.tls() ? "https://" : "http://") + address(p.metrics()) + "/metrics"
                + (auth.tls() || auth.basicAuth() ? "; " + auth.describe() : ""));
        t.line("journal", p.journal().toString());
        t.line("pin dir", p.pinDir().toString());
        t.line("gossip", p.gossip().bind().map(b -> "bind " + address(b) + "; " + (p.gossip().seeds().isEmpty()
                ? "no seeds (this node starts the cluster)"
                : "seeds " + p.gossip().seeds().stream().map(HostPort::toString).collect(Collectors.joining(", ")))
                + p.gossip().authKeyFile().map(f -> "; messages authenticated (HMAC-SHA256, key file " + f + ")")
                        .orElse("; messages NOT authenticated (no gossip.auth)"))
                .orElse("off (no gossip.bind: the agent runs alone)"));
        return t.out.toString();
    }

    private void mesh(AgentPlan p) {
        MeshPlan m = p.mesh();
        line("mesh filter", "XDP (" + name(m.xdpMode()) + " mode) on " + String.join(", ", m.interfaces())
                + "; default action " + name(m.defaultAction()) + "; identity capacity " + m.identityCapacity());
        line("peers", count(m.peers().size(), "peer") + ", " + count(m.cidrCount(), "CIDR") + ": "
                + m.peersWith(Action.ALLOW) + " allowed, "
                + m.peersWith(Action.DENY) + " denied");
        int width = m.peers().stream().mapToInt(peer -> peer.id().toString().length()).max().orElse(0);
        for (PeerPlan peer : m.peers()) {
            List<String> parts = new ArrayList<>();
            parts.add(name(p.policyOf(peer)) + (peer.action().isEmpty() ? " (default)" : ""));
            parts.add(peer.cidrs().stream().map(PlanText::cidr).collect(Collectors.joining(", ")));
            peer.probeAddress().ifPresent(a -> parts.add("probed at " + a.getHostAddress()));
            for (PortRule r : peer.portRules()) {
                parts.add(name(r.protocol()) + "/" + (r.port() == 0 ? "any" : r.port()) + " " + name(r.action()));
            }
            peer.binding().ifPresent(b -> parts.add(b.describe()));
            item(pad(peer.id().toString(), width) + "  " + String.join("; ", parts));
        }
    }

    private void probes(ProbePlan p) {
        if (!p.enabled()) {
            line("probes", "off (probes.port 0)");
            return;
        }
        line("probes", "UDP port " + p.port() + ", every " + Durations.format(p.interval()) + " to "
                + count(p.targets().size(), "peer") + "; trains of " + p.burst() + " probes before a healed link is "
                + "trusted again");
    }

    private void syscalls(SyscallPlan s) {
        if (!s.enabled()) {
            line("syscalls", "off");
            return;
        }
        line("syscalls", "on: " + names(s.syscalls()) + "; " + s.cgroup().map(c -> "cgroup " + c).orElse("any cgroup")
                + "; " + (s.tgid() == 0 ? "any process" : "process " + s.tgid()) + "; "
                + s.slowThreshold().map(d -> "calls of at least " + Durations.format(d) + " become events")
                        .orElse("no slow-call events"));
    }

    private void netEvents(NetEventsPlan n) {
        if (!n.enabled()) {
            line("net events", "off");
            return;
        }
        String tracepoints = n.tracepoints().equals(EnumSet.allOf(NetTracepoint.class))
                ? "all " + n.tracepoints().size() + " tracepoints" : "tracepoints " + names(n.tracepoints());
        line("net events", "on: " + tracepoints + "; events " + (n.events().isEmpty() ? "only" : names(n.events()) + " and")
                + " those the alert rules read" + (n.allStateChanges() ? "; every state change" : "")
                + (n.unspecifiedDrops() ? "; drops without a reason" : "") + "; "
                + (n.allNamespaces() ? "every network namespace" : "this network namespace only"));
    }

    private void alerts(List<AlertRule> rules) {
        line("alerts", count(rules.size(), "rule"));
        int width = rules.stream().mapToInt(r -> r.id().length()).max().orElse(0);
        for (AlertRule r : rules) {
            item(pad(r.id(), width) + "  " + pad(name(r.severity()), 8) + "  " + describe(r));
        }
    }

    private static String describe(AlertRule rule) {
        return switch (rule) {
            case AlertRule.ProbeLoss r -> String.format(Locale.ROOT, "probe loss above %s over %s (at least %d probes)",
                    percent(r.maxLossRatio()), Durations.format(r.window()), r.minProbes());
            case AlertRule.Rtt r -> "probe RTT above " + Durations.format(r.max());
            case AlertRule.SyscallP99 r -> String.format(Locale.ROOT, "%s p99 above %s over %s (at least %d calls)",
                    name(r.syscall()), Durations.format(r.max()), Durations.format(r.window()), r.minCalls());
            case AlertRule.EventCount r -> "more than " + r.maxCount() + " " + names(EnumSet.copyOf(r.kinds())) + " events within "
                    + Durations.format(r.window()) + " per " + (r.kinds().equals(Set.of(NetEventKind.DROP))
                            ? "reason" : "remote address") + (r.dropReason() == null ? "" : " (drops of " + r.dropReason() + ")");
            case AlertRule.EachDrop r -> "every drop" + (r.reason() == null ? "" : " of " + r.reason());
            case AlertRule.EachSlowCall r -> "every " + (r.syscall() == null ? "syscall" : name(r.syscall()))
                    + " call of at least " + Durations.format(r.min());
        };
    }

    private void services(List<ServicePlan> services) {
        line("services", count(services.size(), "service"));
        int width = services.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (ServicePlan s : services) {
            item(pad(s.name(), width) + "  " + s.addresses().stream().map(PlanText::cidr).collect(Collectors.joining(", ")) + " port "
                    + s.port() + ", served by " + s.servedBy() + (s.replicas().isEmpty() ? "; no replica"
                            : "; replicas " + s.replicas().stream().map(Object::toString).collect(Collectors.joining(", "))));
        }
    }

    private void healing(AgentPlan p) {
        HealingPlan h = p.healing();
        if (!h.enabled()) {
            line("healing", "off (watch and alert only)");
            return;
        }
        Set<HealingAction> not = EnumSet.allOf(HealingAction.class);
        not.removeAll(h.actions());
        line("healing", "on, every " + Durations.format(h.period()) + "; may " + actions(h.actions())
                + (not.isEmpty() ? "" : "; may not " + actions(not)));
        line("detector", h.detector().name() + (h.detector().kind() == null ? ""
                : " (" + (h.model() == null ? "the model shipped in ebpf-heal" : "model " + h.model()) + ")"));
        GuardSettings g = h.guards();
        line("guards", "hold " + Durations.format(g.hold()) + ", cooldown " + Durations.format(g.cooldown())
                + ", flap damping after " + g.flapToggles() + " toggles in " + Durations.format(g.flapWindow())
                + ", at most " + g.rateMax() + " actions per " + Durations.format(g.rateWindow()));
        MeshNodes nodes = p.nodes();
        line("heal graph", "node " + nodes.self() + " of " + nodes.ids().size()
                + " (nodes numbered by SPIFFE ID: every agent of the mesh must list the same nodes)");
        for (int i = 0; i < nodes.ids().size(); i++) {
            item(i + "  " + nodes.id(i) + (i == nodes.self() ? " (this node)" : ""));
        }
        line("heal routes", "table " + HealTable.DEFAULT_TABLE + " (rule iif lo, priority " + HealTable.DEFAULT_PRIORITY
                + "): this node's own traffic only; kept when the agent stops, adopted when it starts");
    }

    private static String actions(Collection<HealingAction> actions) {
        return actions.stream().map(HealingAction::configName).collect(Collectors.joining(", "));
    }

    private void line(String label, String text) {
        out.append(INDENT).append(pad(label, LABEL)).append(text).append('\n');
    }

    private void item(String text) {
        out.append(INDENT).append(" ".repeat(LABEL)).append(text).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String percent(double ratio) {
        String s = String.format(Locale.ROOT, "%.2f", ratio * 100);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s + " %";
    }

    /** The configuration's name of a constant: {@code RESET_RECEIVED} is {@code reset-received}. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String names(Collection<? extends Enum<?>> all) {
        return all.stream().map(PlanText::name).collect(Collectors.joining(", "));
    }

    private static String address(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip instanceof Inet6Address ? shortV6(ip.getAddress()) : ip.getHostAddress();
        return new HostPort(host, a.getPort()).toString();
    }

    /** A prefix with its IPv6 address in the short form ({@code fd00:1::/64}). */
    static String cidr(Cidr c) {
        try {
            InetAddress a = InetAddress.getByAddress(c.address());
            return (a instanceof Inet6Address ? shortV6(c.address()) : a.getHostAddress()) + "/" + c.prefixLength();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952: the longest run (2 or more) of zero groups becomes {@code ::}, hex in lower case. */
    private static String shortV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestLen >= 2 && i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
