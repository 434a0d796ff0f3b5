package io.ebpf4j.hooks.mesh;

/**
 * What the datapath guards counted for one source identity, summed over CPUs. Every frame a guard
 * dropped is also in {@link Counters#droppedGuard()}; a binding broken under the count-only policy
 * is counted here only.
 *
 * @param rateLimited     probe requests over the identity's answer budget ({@link AnswerLimit}), dropped
 * @param unauthenticated probe requests and replies without a valid MAC while probes are authenticated, dropped
 * @param replayed        probe replies whose sequence number was counted already, dropped
 * @param stale           probe replies 64 or more sequence numbers behind the newest counted, dropped
 * @param wrongInterface  frames that came in on another interface than the identity's binding names
 * @param wrongMac        frames from another neighbour than the identity's binding names
 */
public record GuardCounters(long rateLimited, long unauthenticated, long replayed, long stale, long wrongInterface,
        long wrongMac) {
    /** All zero. */
    public static final GuardCounters ZERO = new GuardCounters(0, 0, 0, 0, 0, 0);

    static GuardCounters sum(Iterable<Layouts.GuardCountersValue> perCpu) {
        long r = 0, u = 0, p = 0, s = 0, i = 0, m = 0;
        for (Layouts.GuardCountersValue c : perCpu) {
            r += c.rateLimited();
            u += c.unauthenticated();
            p += c.replayed();
            s += c.stale();
            i += c.wrongInterface();
            m += c.wrongMac();
        }
        return new GuardCounters(r, u, p, s, i, m);
    }
}
