package io.ebpf4j.hooks.mesh;

/**
 * Traffic counters of one source identity, summed over CPUs. {@code packets = passed + droppedPolicy
 * + malformed + probesAnswered + probeReplies + droppedGuard}.
 *
 * @param packets        frames from the identity whose IP header parsed
 * @param bytes          their bytes (whole frames)
 * @param passed         XDP_PASS after the policy allowed them
 * @param droppedPolicy  XDP_DROP by policy
 * @param malformed      XDP_PASS because the L4 header was truncated or insane (never dropped)
 * @param probesAnswered probe requests answered in XDP (XDP_TX)
 * @param probeReplies   probe replies consumed as RTT samples (XDP_DROP after accounting)
 * @param droppedGuard   XDP_DROP by a datapath guard: an identity binding broken under the drop policy, a probe
 *                       request over budget or unauthenticated, a probe reply unauthenticated, replayed or stale
 *                       ({@link GuardCounters} says which)
 */
public record Counters(long packets, long bytes, long passed, long droppedPolicy, long malformed, long probesAnswered,
        long probeReplies, long droppedGuard) {
    /** All zero. */
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);

    static Counters sum(Iterable<Layouts.PeerCounters> perCpu) {
        long p = 0, b = 0, pa = 0, d = 0, m = 0, a = 0, r = 0, g = 0;
        for (Layouts.PeerCounters c : perCpu) {
            p += c.packets();
            b += c.bytes();
            pa += c.passed();
            d += c.droppedPolicy();
            m += c.malformed();
            a += c.probesAnswered();
            r += c.probeReplies();
            g += c.droppedGuard();
        }
        return new Counters(p, b, pa, d, m, a, r, g);
    }
}
