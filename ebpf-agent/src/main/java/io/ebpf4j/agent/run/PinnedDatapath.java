package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.PeerPlan;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.PortRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's mesh filter, pinned under the plan's {@code pinDir} so that it outlives the process.
 * A build over pins a previous agent left adopts that datapath (its program is swapped into the
 * pinned links: no moment without a filter, counters continue); the configuration is then brought
 * onto it: peers first (registering an adopted identity keeps its number, policy and rules until
 * replaced), then the port rules the configuration no longer gives a peer, the interfaces to attach
 * and those to detach, and last the adopted identities the configuration no longer has.
 */
final class PinnedDatapath {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedDatapath.class);

    private PinnedDatapath() {}

    /** Builds (or adopts) the pinned filter of {@code p}; throws {@link AgentStartException} when it cannot. */
    static MeshFilter start(AgentPlan p) {
        MeshFilter f;
        try {
            MeshFilter.Builder b = MeshFilter.builder().pinDir(p.pinDir()).defaultAction(p.mesh().defaultAction())
                    .probePort(p.probes().port()).xdpMode(p.mesh().xdpMode())
                    .identityCapacity(p.mesh().identityCapacity());
            if (p.probes().auth().required()) { // required from the first packet (and from the swap, when adopting)
                b.probeAuth(p.probes().auth().mesh().orElse(null));
            }
            f = b.build();
        } catch (RuntimeException e) {
            throw new AgentStartException(List.of("mesh filter: cannot load: " + e.getMessage()), e);
        }
        boolean adopted = f.adopted();
        List<String> adoptedIfs = f.interfaces();
        if (adopted) {
            LOG.info("mesh filter: adopted the datapath pinned in {} (no gap, counters continue): interfaces {}, "
                    + "identities {}", p.pinDir(), adoptedIfs, f.identities().adopted().size());
        } else {
            LOG.info("mesh filter: created, pinned in {}", p.pinDir());
        }
        try {
            // keys before the peers: a peer's key is written before its prefixes point at its number
            ProbeAuthSync.apply(f, ProbeAuthSync.current(f), p.probes().auth()).forEach(c -> LOG.info("mesh filter: {}", c));
            PeerSync.apply(f, List.of(), p.mesh().peers()).forEach(c -> LOG.debug("{}", c));
            if (adopted) {
                dropStaleRules(f, p.mesh().peers());
            }
            for (String ifname : p.mesh().interfaces()) { // peers first: no packet meets an empty registry
                if (!adoptedIfs.contains(ifname)) {
                    f.attach(ifname);
                }
            }
            for (String ifname : adoptedIfs) {
                if (!p.mesh().interfaces().contains(ifname)) {
                    f.detach(ifname);
                    LOG.info("mesh filter: detached from {} (adopted, no longer in node.interfaces)", ifname);
                }
            }
            Set<SpiffeId> leftovers = f.identities().adopted();
            for (SpiffeId id : leftovers) {
                f.identities().remove(id);
                LOG.info("mesh filter: removed adopted peer {} (no longer in the configuration; its traffic is "
                        + "unknown-source traffic now)", id);
            }
            LOG.info("mesh filter on {} ({} mode), default action {}, peers: {}", String.join(", ", f.interfaces()),
                    AgentPlanNames.name(p.mesh().xdpMode()), AgentPlanNames.name(p.mesh().defaultAction()),
                    p.mesh().peers().size());
            return f;
        } catch (RuntimeException e) {
            try {
                if (adopted) {
                    f.close(); // the previous datapath keeps running, as it was
                } else {
                    f.uninstall(); // nothing of this failed start is left
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new AgentStartException(List.of("mesh filter: " + e.getMessage()), e);
        }
    }

    /** Removes the port rules an adopted peer holds that the configuration no longer gives it. */
    private static void dropStaleRules(MeshFilter f, List<PeerPlan> peers) {
        for (PeerPlan peer : peers) {
            Set<PortRule> wanted = peer.portRules().stream().map(r -> new PortRule(r.protocol(), r.port()))
                    .collect(Collectors.toSet());
            List<PortRule> stale = new ArrayList<>();
            for (PortRule r : f.identities().portRules(peer.id()).keySet()) {
                if (!wanted.contains(r)) {
                    stale.add(r);
                }
            }
            for (PortRule r : stale) {
                f.rule(peer.id(), r.protocol(), r.port(), null);
                LOG.info("mesh filter: removed adopted port rule {}/{} of {} (no longer in the configuration)",
                        AgentPlanNames.name(r.protocol()), r.port() == 0 ? "any" : r.port(), peer.id());
            }
        }
    }
}
