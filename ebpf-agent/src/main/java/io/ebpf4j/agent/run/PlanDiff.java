package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.MeshPlan;
import io.ebpf4j.agent.ProbePlan;
import io.ebpf4j.agent.config.Durations;
import io.ebpf4j.hooks.alert.AlertRule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes. Applied without a restart: the peers (identities, policies, port rules),
 * the probe targets and interval (the prober is restarted; the filter is not), the alert rules (the
 * engine is rebuilt). Everything else that differs is listed as needing a restart and not applied.
 *
 * @param target       the plan the agent runs after the reload: the running plan with the applicable
 *                     parts taken from the new one
 * @param alerts       the alert rule changes, one line each (empty: unchanged)
 * @param probes       the probe changes (empty: unchanged)
 * @param needsRestart the changed keys that are not applied, each with its old and new value
 */
record PlanDiff(AgentPlan target, List<String> alerts, List<String> probes, List<String> needsRestart) {
    static PlanDiff of(AgentPlan running, AgentPlan loaded) {
        List<String> restart = new ArrayList<>();
        restart(restart, "node.spiffeId", running.node(), loaded.node());
        restart(restart, "node.name", running.nodeName(), loaded.nodeName());
        MeshPlan m = running.mesh();
        MeshPlan n = loaded.mesh();
        restart(restart, "node.interfaces", m.interfaces(), n.interfaces());
        restart(restart, "node.xdpMode", m.xdpMode(), n.xdpMode());
        restart(restart, "node.identityCapacity", m.identityCapacity(), n.identityCapacity());
        restart(restart, "defaultAction", m.defaultAction(), n.defaultAction());
        ProbePlan p = running.probes();
        ProbePlan q = loaded.probes();
        restart(restart, "probes.port", p.port(), q.port());
        restart(restart, "probes.burst", p.burst(), q.burst());
        restart(restart, "hooks.syscalls", running.syscalls(), loaded.syscalls());
        restart(restart, "hooks.netEvents", running.netEvents(), loaded.netEvents());
        restart(restart, "services", running.services(), loaded.services());
        restart(restart, "healing", running.healing(), loaded.healing());
        restart(restart, "metrics.listen", running.metrics(), loaded.metrics());
        restart(restart, "metrics.tls/basicAuth", running.metricsAuth().describe(), loaded.metricsAuth().describe());
        restart(restart, "journal", running.journal(), loaded.journal());
        restart(restart, "pinDir", running.pinDir(), loaded.pinDir());
        restart(restart, "gossip", running.gossip(), loaded.gossip());

        ProbePlan probes = p.port() == q.port() ? new ProbePlan(p.port(), q.interval(), p.burst(), q.targets(), q.auth())
                : new ProbePlan(p.port(), p.interval(), p.burst(), p.targets(), q.auth()); // keys apply in any case
        List<String> probeChanges = new ArrayList<>();
        if (!p.interval().equals(probes.interval())) {
            probeChanges.add("probe interval " + Durations.format(p.interval()) + " -> " + Durations.format(probes.interval()));
        }
        if (!p.targets().equals(probes.targets())) {
            probeChanges.add("probe targets " + p.targets().size() + " -> " + probes.targets().size() + " peers");
        }
        AgentPlan target = new AgentPlan(running.node(), running.nodeName(),
                new MeshPlan(m.interfaces(), m.xdpMode(), m.defaultAction(), n.peers(), m.identityCapacity()), probes, running.syscalls(),
                running.netEvents(), loaded.alerts(), running.services(), running.healing(), running.metrics(),
                running.journal(), running.pinDir(), running.gossip(), running.metricsAuth());
        return new PlanDiff(target, alertChanges(running.alerts(), loaded.alerts()), probeChanges, restart);
    }

    private static void restart(List<String> out, String key, Object was, Object is) {
        if (!Objects.equals(was, is)) {
            out.add(key + " (running: " + text(was) + "; file: " + text(is) + ")");
        }
    }

    private static String text(Object o) {
        if (o instanceof InetSocketAddress a) {
            String host = a.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        String s = String.valueOf(o).replace('\n', ' ');
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static List<String> alertChanges(List<AlertRule> before, List<AlertRule> after) {
        Map<String, AlertRule> old = new LinkedHashMap<>();
        before.forEach(r -> old.put(r.id(), r));
        Map<String, AlertRule> now = new LinkedHashMap<>();
        after.forEach(r -> now.put(r.id(), r));
        List<String> out = new ArrayList<>();
        now.forEach((id, r) -> {
            AlertRule o = old.get(id);
            if (o == null) {
                out.add("alert rule " + id + " added");
            } else if (!o.equals(r)) {
                out.add("alert rule " + id + " changed");
            }
        });
        old.keySet().stream().filter(id -> !now.containsKey(id)).forEach(id -> out.add("alert rule " + id + " removed"));
        if (out.isEmpty() && !before.equals(after)) {
            out.add("alert rules reordered");
        }
        return out;
    }
}
