package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.ebpf4j.hooks.mesh.Prober;
import java.util.concurrent.locks.LockSupport;

/**
 * The check before a link is trusted with traffic again. Some faults only show under load: a link
 * whose capacity collapsed looks healthy to single probes once the traffic has been routed away, so
 * restoring on "healthy for the hold time" would put the traffic back, hurt it again and heal again.
 * A train of {@code count} back-to-back probes loads the link briefly: on a healthy link all replies
 * are back within a millisecond or two; behind a collapsed one the train queues (64 probes are about
 * 5.6 kB, more than a token bucket's usual burst) and replies come late or not at all. The link passes
 * when all but one reply arrived within {@code waitNanos} with a mean RTT under {@code maxMeanRttNanos}.
 */
final class LinkTrain {
    /** What a train measured. */
    record Result(boolean passed, long sent, long replies, double meanRttMicros) {
        String describe() {
            return replies + " of " + sent + " replies, mean RTT " + (Double.isNaN(meanRttMicros) ? "-"
                    : String.format("%.0f us", meanRttMicros));
        }
    }

    private final MeshFilter filter;
    private final Prober prober;
    private final int count;
    private final long waitNanos;
    private final long maxMeanRttNanos;

    LinkTrain(MeshFilter filter, Prober prober, int count, long waitNanos, long maxMeanRttNanos) {
        this.filter = filter;
        this.prober = prober;
        this.count = count;
        this.waitNanos = waitNanos;
        this.maxMeanRttNanos = maxMeanRttNanos;
    }

    /** Sends a train to {@code peer} (filter identity {@code identity}) and judges its replies. Blocks up to the wait. */
    Result run(SpiffeId peer, int identity) {
        ProbeStats before = filter.probeStats(identity);
        long sentBefore = prober.sent(peer);
        prober.burst(peer, count);
        long sent = prober.sent(peer) - sentBefore;
        long deadline = System.nanoTime() + waitNanos;
        ProbeStats after = before;
        while (System.nanoTime() < deadline) {
            after = filter.probeStats(identity);
            if (after.replies() - before.replies() >= sent) {
                break;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        long replies = after.replies() - before.replies();
        long samples = after.samples() - before.samples();
        double mean = samples <= 0 ? Double.NaN
                : (after.meanRttNs() * (double) after.samples() - before.meanRttNs() * (double) before.samples()) / samples;
        boolean passed = sent > 0 && replies >= sent - 1 && !Double.isNaN(mean) && mean < maxMeanRttNanos;
        return new Result(passed, sent, replies, mean / 1000.0);
    }
}
