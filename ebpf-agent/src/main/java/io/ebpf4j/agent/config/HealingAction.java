package io.ebpf4j.agent.config;

/**
 * The recovery actions the agent may take on its own node (the remedies of the heal loop's
 * {@code DefaultRules}), named in {@code healing.actions}.
 */
public enum HealingAction {
    /**
     * {@code reroute-around-link}: a sick direct link to a peer is left; routes via that peer go via a
     * healthy neighbour instead (rule {@code reroute-around-link}).
     */
    REROUTE_AROUND_LINK,
    /**
     * {@code reroute-to-replica}: the addresses of a service whose node (or the service itself) is sick
     * are routed to its replica (rules {@code node-to-replica} and {@code service-to-replica}).
     */
    REROUTE_TO_REPLICA,
    /** {@code deny-peer}: a sick peer's traffic is dropped by this node's filter ({@code DefaultRules.denySick}). */
    DENY_PEER,
    /** {@code alert}: diagnoses this node cannot act on are reported ({@code DefaultRules.alertOthers}). */
    ALERT;

    /** The name in the configuration, e.g. {@code reroute-around-link}. */
    public String configName() {
        return EnumDeserializer.name(this);
    }
}
