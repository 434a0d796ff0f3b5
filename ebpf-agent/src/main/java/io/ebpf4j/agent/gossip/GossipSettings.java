package io.ebpf4j.agent.gossip;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of the membership protocol (SWIM failure detection) and of the gossip that carries the
 * view. {@link #defaults()} aims at edge-state propagation p99 under 100 ms on a LAN mesh of up to a
 * few hundred nodes (docs/agent/GOSSIP.md has the measurements and the cost of each knob).
 *
 * <p>A publication travels two ways: pushed at once to every member the origin knows (one message
 * each, over the library's transport) when {@code directPush} is on, and by the epidemic gossip,
 * which every member relays, so that it also reaches members whose path from the origin is broken or
 * lossy. The push makes the latency independent of the mesh's size; the gossip makes delivery
 * independent of any one path, at the pace of its rounds.
 *
 * @param gossipInterval  how often a member sends the gossips it holds to {@code fanout} members; a hop
 *                        of the epidemic waits up to one interval
 * @param fanout          members each gossip round sends to
 * @param repeatMult      a gossip is sent for {@code repeatMult * ceil(log2(members + 1))} rounds
 *                        (the epidemic's redundancy against lost messages)
 * @param pingInterval    how often a member probes one other member (SWIM's protocol period)
 * @param pingTimeout     how long a direct probe waits for its ack before asking {@code pingReqMembers}
 *                        other members to probe indirectly (must be shorter than the interval)
 * @param pingReqMembers  members asked to probe indirectly
 * @param suspicionMult   a suspect member is declared dead after
 *                        {@code suspicionMult * ceil(log2(members + 1)) * pingInterval} without refuting
 * @param syncInterval    how often a member exchanges its whole membership table with another one
 * @param refresh         how often a member republishes its records when only their values changed
 *                        (an edge's state change is published at once); zero: only on state changes
 * @param connectTimeout  how long connecting to a member may take
 * @param directPush      whether a publication is also pushed to every known member at once
 */
public record GossipSettings(Duration gossipInterval, int fanout, int repeatMult, Duration pingInterval,
        Duration pingTimeout, int pingReqMembers, int suspicionMult, Duration syncInterval, Duration refresh,
        Duration connectTimeout, boolean directPush) {
    public GossipSettings {
        positive(gossipInterval, "gossipInterval");
        positive(pingInterval, "pingInterval");
        positive(pingTimeout, "pingTimeout");
        positive(syncInterval, "syncInterval");
        positive(connectTimeout, "connectTimeout");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative: " + refresh);
        }
        if (pingTimeout.compareTo(pingInterval) >= 0) {
            throw new IllegalArgumentException("pingTimeout (" + pingTimeout + ") must be shorter than pingInterval ("
                    + pingInterval + "): the rest of the interval is the indirect probes' time");
        }
        if (fanout < 1 || repeatMult < 1 || suspicionMult < 1 || pingReqMembers < 0) {
            throw new IllegalArgumentException("fanout, repeatMult and suspicionMult must be >= 1 and pingReqMembers >= 0: "
                    + fanout + ", " + repeatMult + ", " + suspicionMult + ", " + pingReqMembers);
        }
    }

    /**
     * Publications pushed to every member, and gossiped every 20 ms to 3 members, each gossip sent for
     * 3 * log2(n) rounds; a probe every 500 ms
     * (200 ms for the ack, then 3 indirect probes); dead after 3 * log2(n) probe periods of suspicion
     * (3 s at 3 nodes, 6 s at 8); a full table exchange every 10 s; values (without a state change)
     * republished every 30 s: each publication costs every member about
     * {@code fanout * repeatMult * log2(n)} messages, so frequent refreshes do not scale
     * (docs/agent/GOSSIP.md).
     */
    public static GossipSettings defaults() {
        return new GossipSettings(Duration.ofMillis(20), 3, 3, Duration.ofMillis(500), Duration.ofMillis(200), 3, 3,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1), true);
    }

    /** These settings with another gossip interval. */
    public GossipSettings withGossipInterval(Duration d) {
        return new GossipSettings(d, fanout, repeatMult, pingInterval, pingTimeout, pingReqMembers, suspicionMult,
                syncInterval, refresh, connectTimeout, directPush);
    }

    /** These settings with another probe interval and ack timeout. */
    public GossipSettings withProbes(Duration interval, Duration timeout) {
        return new GossipSettings(gossipInterval, fanout, repeatMult, interval, timeout, pingReqMembers, suspicionMult,
                syncInterval, refresh, connectTimeout, directPush);
    }

    /** These settings with another suspicion multiplier. */
    public GossipSettings withSuspicionMult(int m) {
        return new GossipSettings(gossipInterval, fanout, repeatMult, pingInterval, pingTimeout, pingReqMembers, m,
                syncInterval, refresh, connectTimeout, directPush);
    }

    /** These settings with another refresh period (zero: publish on state changes only). */
    public GossipSettings withRefresh(Duration d) {
        return new GossipSettings(gossipInterval, fanout, repeatMult, pingInterval, pingTimeout, pingReqMembers,
                suspicionMult, syncInterval, d, connectTimeout, directPush);
    }

    /** These settings with the direct push on or off (off: gossip only). */
    public GossipSettings withDirectPush(boolean on) {
        return new GossipSettings(gossipInterval, fanout, repeatMult, pingInterval, pingTimeout, pingReqMembers,
                suspicionMult, syncInterval, refresh, connectTimeout, on);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
