package io.ebpf4j.heal.learn;

/**
 * The classes of the learned heads: the kinds of fault the {@link io.ebpf4j.heal.graph.FaultLocaliser}
 * tells apart, plus healthy. An edge is {@link #LINK_FAULT} when its link is faulty and
 * {@link #NODE_FAULT} when one of its ends is a faulty node; a node is {@link #NODE_FAULT} or
 * {@link #SERVICE_FAULT}. The ordinal is the output index of both heads.
 */
public enum FaultClass {
    /** Nothing wrong. */
    HEALTHY,
    /** The link between the edge's ends is faulty. */
    LINK_FAULT,
    /** A node is faulty (all its links), or the edge touches one. */
    NODE_FAULT,
    /** The node's service refuses or resets connections over healthy links. */
    SERVICE_FAULT;

    /** The number of classes (the width of a head's output). */
    public static final int COUNT = values().length;
}
