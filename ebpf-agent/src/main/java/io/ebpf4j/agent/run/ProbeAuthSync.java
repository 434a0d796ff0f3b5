package io.ebpf4j.agent.run;

import io.ebpf4j.agent.ProbeAuthPlan;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.MeshGuards;
import io.ebpf4j.hooks.mesh.ProbeKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Brings the filter's probe keys and authentication requirement from one plan to another, in the
 * order that loses no probe: a requirement being dropped goes first, then the keys (mesh-wide, then
 * per peer), then a requirement being added. Keys change in place (map updates): counters, replay
 * windows and answer budgets are untouched, and a running prober signs with the new signing key from
 * its next probe. Changes are described by key id, never by secret.
 */
final class ProbeAuthSync {
    private ProbeAuthSync() {}

    /** What {@code filter} holds now (after adopting a pinned filter: what the previous agent left). */
    static ProbeAuthPlan current(MeshFilter filter) {
        MeshGuards g = filter.guards();
        return new ProbeAuthPlan(g.probeAuthRequired(), g.meshKeys(), g.peerKeys());
    }

    static List<String> apply(MeshFilter filter, ProbeAuthPlan from, ProbeAuthPlan to) {
        MeshGuards g = filter.guards();
        List<String> changes = new ArrayList<>();
        if (from.required() && !to.required()) {
            g.requireProbeAuth(false);
            changes.add("probe authentication no longer required");
        }
        if (!from.mesh().equals(to.mesh())) {
            g.meshKeys(to.mesh().orElse(null));
            changes.add("mesh-wide probe keys " + ProbeAuthPlan.ids(from.mesh()) + " -> " + ProbeAuthPlan.ids(to.mesh()));
        }
        Set<SpiffeId> peers = new LinkedHashSet<>(from.peers().keySet());
        peers.addAll(to.peers().keySet());
        for (SpiffeId peer : peers) {
            ProbeKeys before = from.peers().get(peer);
            ProbeKeys after = to.peers().get(peer);
            if (!Objects.equals(before, after)) {
                g.peerKeys(peer, after);
                changes.add("probe keys of " + peer + " " + ProbeAuthPlan.ids(Optional.ofNullable(before)) + " -> "
                        + ProbeAuthPlan.ids(Optional.ofNullable(after)));
            }
        }
        if (to.required() && !g.probeAuthRequired()) {
            g.requireProbeAuth(true);
            changes.add("probe authentication required");
        }
        return changes;
    }
}
