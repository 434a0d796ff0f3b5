package io.ebpf4j.agent.run;

import io.ebpf4j.agent.PeerPlan;
import io.ebpf4j.agent.PortRule;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IdentityBinding;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.map.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the mesh filter's peers from one list to another through the identity registry's gap-free
 * updates, without detaching the filter. First the policies of the new and changed peers (denying
 * port rules, then the peer's action, then allowing port rules); then their prefixes in two passes:
 * every such peer gains its new prefixes (taking over one another peer held, in one map update) while
 * keeping its old ones, and only then lets go of those it no longer has, so a prefix moving between
 * peers is never unclaimed; then the port rules they no longer have; last the peers no longer listed,
 * which lose their prefixes first (their traffic becomes unknown-source traffic), then their policy
 * and rules. Returns one line per change.
 */
final class PeerSync {
    private record RuleKey(IpProtocol protocol, int port) {}

    private PeerSync() {}

    static List<String> apply(MeshFilter filter, List<PeerPlan> before, List<PeerPlan> after) {
        Map<SpiffeId, PeerPlan> old = byId(before);
        Map<SpiffeId, PeerPlan> now = byId(after);
        List<PeerPlan> changed = after.stream().filter(p -> !p.equals(old.get(p.id()))).toList();
        Map<SpiffeId, IdentityBinding> bindings = new LinkedHashMap<>(); // resolved first: a missing interface changes nothing
        for (PeerPlan p : changed) {
            p.binding().ifPresent(b -> {
                try {
                    bindings.put(p.id(), b.resolve());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("peer " + p.id() + " binding: " + e.getMessage(), e);
                }
            });
        }
        for (PeerPlan p : changed) { // bindings before prefixes: a new prefix never points at an unbound identity
            IdentityBinding b = bindings.get(p.id());
            if (!filter.guards().binding(p.id()).equals(java.util.Optional.ofNullable(b))) {
                filter.guards().bind(p.id(), b);
            }
        }
        for (PeerPlan p : changed) { // policies first: a prefix never points at an identity without its policy
            PeerPlan o = old.get(p.id());
            Map<RuleKey, Action> oldRules = o == null ? Map.of() : rules(o);
            Map<RuleKey, Action> newRules = rules(p);
            setRules(filter, p.id(), newRules, oldRules, Action.DENY);
            if (o == null || !o.action().equals(p.action())) {
                p.action().ifPresentOrElse(a -> {
                    if (a == Action.ALLOW) {
                        filter.allow(p.id());
                    } else {
                        filter.deny(p.id());
                    }
                }, () -> filter.clearPolicy(p.id()));
            }
            setRules(filter, p.id(), newRules, oldRules, Action.ALLOW);
        }
        List<PeerPlan> moved = changed.stream()
                .filter(p -> !old.containsKey(p.id()) || !old.get(p.id()).cidrs().equals(p.cidrs())).toList();
        for (PeerPlan p : moved) { // every peer gains (or takes over) its new prefixes while keeping its old ones ...
            Set<Cidr> grown = new LinkedHashSet<>(filter.identities().cidrs(p.id()));
            grown.addAll(p.cidrs());
            filter.identities().register(p.id(), grown);
        }
        for (PeerPlan p : moved) { // ... before any peer lets go of a prefix: one moving between peers never falls through
            filter.identities().register(p.id(), p.cidrs());
        }
        List<String> changes = new ArrayList<>();
        for (PeerPlan p : changed) {
            PeerPlan o = old.get(p.id());
            Map<RuleKey, Action> newRules = rules(p);
            for (RuleKey k : o == null ? Set.<RuleKey>of() : rules(o).keySet()) {
                if (!newRules.containsKey(k)) {
                    filter.rule(p.id(), k.protocol(), k.port(), null);
                }
            }
            changes.add(o == null ? "peer " + p.id() + " added: " + describe(p) : "peer " + p.id() + " changed: "
                    + difference(o, p));
        }
        for (PeerPlan o : before) {
            if (now.containsKey(o.id())) {
                continue;
            }
            filter.identities().remove(o.id());
            filter.clearPolicy(o.id());
            filter.guards().bind(o.id(), null);
            for (RuleKey k : rules(o).keySet()) {
                filter.rule(o.id(), k.protocol(), k.port(), null);
            }
            changes.add("peer " + o.id() + " removed (its traffic is unknown-source traffic now)");
        }
        return changes;
    }

    private static void setRules(MeshFilter filter, SpiffeId id, Map<RuleKey, Action> now, Map<RuleKey, Action> old,
            Action which) {
        for (Map.Entry<RuleKey, Action> r : now.entrySet()) {
            if (r.getValue() == which && r.getValue() != old.get(r.getKey())) {
                filter.rule(id, r.getKey().protocol(), r.getKey().port(), r.getValue());
            }
        }
    }

    private static Map<SpiffeId, PeerPlan> byId(List<PeerPlan> peers) {
        Map<SpiffeId, PeerPlan> m = new LinkedHashMap<>();
        peers.forEach(p -> m.put(p.id(), p));
        return m;
    }

    private static Map<RuleKey, Action> rules(PeerPlan p) {
        Map<RuleKey, Action> m = new LinkedHashMap<>();
        for (PortRule r : p.portRules()) {
            m.put(new RuleKey(r.protocol(), r.port()), r.action());
        }
        return m;
    }

    static String describe(PeerPlan p) {
        return action(p) + "; " + cidrs(p) + (p.portRules().isEmpty() ? "" : "; port rules " + rulesText(p))
                + p.probeAddress().map(a -> "; probed at " + a.getHostAddress()).orElse("")
                + p.binding().map(b -> "; " + b.describe()).orElse("");
    }

    private static String difference(PeerPlan o, PeerPlan p) {
        List<String> parts = new ArrayList<>();
        if (!o.action().equals(p.action())) {
            parts.add("action " + action(o) + " -> " + action(p));
        }
        if (!o.cidrs().equals(p.cidrs())) {
            parts.add("CIDRs " + cidrs(o) + " -> " + cidrs(p));
        }
        if (!o.portRules().equals(p.portRules())) {
            parts.add("port rules " + rulesText(o) + " -> " + rulesText(p));
        }
        if (!o.probeAddress().equals(p.probeAddress())) {
            parts.add("probe address " + o.probeAddress().map(a -> a.getHostAddress()).orElse("none") + " -> "
                    + p.probeAddress().map(a -> a.getHostAddress()).orElse("none"));
        }
        if (!o.binding().equals(p.binding())) {
            parts.add("binding " + o.binding().map(b -> b.describe()).orElse("none") + " -> "
                    + p.binding().map(b -> b.describe()).orElse("none"));
        }
        return String.join("; ", parts);
    }

    private static String action(PeerPlan p) {
        return p.action().map(a -> AgentPlanNames.name(a)).orElse("default");
    }

    private static String cidrs(PeerPlan p) {
        return p.cidrs().stream().map(Objects::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String rulesText(PeerPlan p) {
        return p.portRules().isEmpty() ? "none" : p.portRules().stream()
                .map(r -> AgentPlanNames.name(r.protocol()) + "/" + (r.port() == 0 ? "any" : r.port()) + " "
                        + AgentPlanNames.name(r.action()))
                .collect(Collectors.joining(", "));
    }
}
