package io.ebpf4j.heal.experiment;

/**
 * A fault the injector can put into the experiment mesh. {@link #subject()} uses the same keys as
 * {@link io.ebpf4j.heal.graph.Diagnosis#subject()}, so a diagnosis can be matched to the fault.
 */
public sealed interface Fault {
    /** The fault kind, for schedules, tables and the {@code --faults} option. */
    Kind kind();

    /** The sick component: {@code "link:a-b"} (a &lt; b), {@code "node:j"} or {@code "service:j"}. */
    String subject();

    /** A short severity label, e.g. {@code "30%"} or {@code "64kbit"}. */
    String severity();

    /**
     * Whether healing should act on it: false for the faults only a distributed system has (an agent
     * killed, the gossip cut), under which the datapath keeps working; any heal action or alarm they
     * cause is a false positive.
     */
    default boolean shouldAct() {
        return kind().shouldAct();
    }

    enum Kind {
        LOSS("loss"), LINK_DOWN("link-down"), BLACKHOLE("blackhole"), BANDWIDTH("bandwidth"), SERVICE_KILL("service-kill"),
        AGENT_KILL("agent-kill"), GOSSIP_PARTITION("gossip-partition");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether healing should act on faults of this kind (not on an agent killed nor on the gossip cut). */
        public boolean shouldAct() {
            return this != AGENT_KILL && this != GOSSIP_PARTITION;
        }

        /** Whether the kind needs one agent process per node (it concerns the agents, not the mesh). */
        public boolean needsAgents() {
            return !shouldAct();
        }

        /** The kind named {@code label} (as in {@code --faults loss,link-down}). */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown fault kind '" + label
                    + "': expected one of loss, link-down, blackhole, bandwidth, service-kill, agent-kill, gossip-partition");
        }
    }

    private static String link(int a, int b) {
        return "link:" + Math.min(a, b) + "-" + Math.max(a, b);
    }

    /** A share of every packet on the link between {@code a} and {@code b} dropped, both directions. */
    record LinkLoss(int a, int b, double share) implements Fault {
        public LinkLoss {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("loss share must be in (0, 1], not " + share);
            }
        }

        public Kind kind() {
            return Kind.LOSS;
        }

        public String subject() {
            return link(a, b);
        }

        public String severity() {
            return Math.round(share * 100) + "%";
        }
    }

    /** The link between {@code a} and {@code b} administratively down. */
    record LinkDown(int a, int b) implements Fault {
        public Kind kind() {
            return Kind.LINK_DOWN;
        }

        public String subject() {
            return link(a, b);
        }

        public String severity() {
            return "down";
        }
    }

    /** Every packet to or from node {@code node} dropped on all its links. */
    record Blackhole(int node) implements Fault {
        public Kind kind() {
            return Kind.BLACKHOLE;
        }

        public String subject() {
            return "node:" + node;
        }

        public String severity() {
            return "100%";
        }
    }

    /** The link between {@code a} and {@code b} shaped to {@code rateBitsPerSec} (tbf), both directions. */
    record BandwidthCollapse(int a, int b, long rateBitsPerSec) implements Fault {
        public BandwidthCollapse {
            if (rateBitsPerSec < 8_000) {
                throw new IllegalArgumentException("tbf rate must be at least 8 kbit/s, not " + rateBitsPerSec);
            }
        }

        public Kind kind() {
            return Kind.BANDWIDTH;
        }

        public String subject() {
            return link(a, b);
        }

        public String severity() {
            return (rateBitsPerSec / 1000) + "kbit";
        }
    }

    /** The service on node {@code node} killed (its listening sockets closed). */
    record ServiceKill(int node) implements Fault {
        public Kind kind() {
            return Kind.SERVICE_KILL;
        }

        public String subject() {
            return "service:" + node;
        }

        public String severity() {
            return "killed";
        }
    }

    /**
     * Node {@code node}'s agent process killed with SIGKILL, restarted when the fault clears; its pinned
     * datapath keeps filtering and counting meanwhile. Healing should not act (the node is healthy).
     */
    record AgentKill(int node) implements Fault {
        public Kind kind() {
            return Kind.AGENT_KILL;
        }

        public String subject() {
            return "agent:" + node;
        }

        public String severity() {
            return "SIGKILL";
        }
    }

    /**
     * Node {@code node}'s gossip cut off: every packet to or from the gossip port dropped in its
     * namespace (sent, answered or forwarded), data traffic untouched. Healing should not act.
     */
    record GossipPartition(int node, int gossipPort) implements Fault {
        public Kind kind() {
            return Kind.GOSSIP_PARTITION;
        }

        public String subject() {
            return "gossip:" + node;
        }

        public String severity() {
            return "port " + gossipPort;
        }
    }
}
