package io.ebpf4j.heal.plan;

/** The kinds of remedy the {@link DefaultRules} may choose; a node's loop is allowed a set of them. */
public enum RemedyKind {
    /** A sick direct link to a peer: the peer's services are sent via a healthy neighbour ({@code reroute-around-link}). */
    REROUTE_AROUND_LINK,
    /**
     * A sick neighbour or a neighbour's failing service: its services are sent to their replica
     * ({@code node-to-replica}, {@code service-to-replica}).
     */
    REROUTE_TO_REPLICA,
    /** A sick neighbour's traffic is dropped by this node's filter (with its services moved to the replica). */
    DENY_PEER,
    /** A diagnosis this node cannot act on is reported. */
    ALERT
}
