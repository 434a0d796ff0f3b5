package io.ebpf4j.heal.experiment.traffic;

/**
 * A bounded log of one flow's requests over one protocol, indexed by sequence number: request
 * {@code seq} lives in slot {@code seq % capacity} until {@code capacity} newer requests overwrite it.
 * Written by the generator's scheduler thread, read by snapshots from any thread.
 */
final class RequestRing {
    private final String flow;
    private final Proto proto;
    private final long[] send;
    private final long[] latency;
    private final Outcome[] outcome;
    private long next;

    RequestRing(String flow, Proto proto, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity must be >= 1, not " + capacity);
        }
        this.flow = flow;
        this.proto = proto;
        this.send = new long[capacity];
        this.latency = new long[capacity];
        this.outcome = new Outcome[capacity];
    }

    private int slot(long seq) {
        return (int) (seq % send.length);
    }

    /** Records a request sent at {@code sendNanos} and returns its sequence number. */
    synchronized long begin(long sendNanos) {
        long seq = next++;
        int i = slot(seq);
        send[i] = sendNanos;
        latency[i] = -1;
        outcome[i] = Outcome.PENDING;
        return seq;
    }

    int capacity() {
        return send.length;
    }

    /** The sequence number the next request gets. */
    synchronized long next() {
        return next;
    }

    private boolean live(long seq) {
        return seq >= 0 && seq < next && seq >= next - send.length;
    }

    /** The outcome of request {@code seq}, or null when it was never sent or already overwritten. */
    synchronized Outcome outcome(long seq) {
        return live(seq) ? outcome[slot(seq)] : null;
    }

    /** The send time of request {@code seq} (only meaningful when {@link #outcome} is not null). */
    synchronized long sendNanos(long seq) {
        return send[slot(seq)];
    }

    /**
     * Resolves a pending request at {@code nowNanos}; false (and nothing changes) when it is no longer
     * pending or no longer in the ring, e.g. a late reply to a request that already timed out.
     */
    synchronized boolean finish(long seq, Outcome o, long nowNanos) {
        if (!live(seq) || outcome[slot(seq)] != Outcome.PENDING || o == Outcome.PENDING) {
            return false;
        }
        int i = slot(seq);
        outcome[i] = o;
        latency[i] = nowNanos - send[i];
        return true;
    }

    /** The requests still in the ring, oldest first. */
    synchronized FlowSeries snapshot() {
        long first = Math.max(0, next - send.length);
        int n = (int) (next - first);
        long[] s = new long[n];
        long[] l = new long[n];
        Outcome[] o = new Outcome[n];
        for (int k = 0; k < n; k++) {
            int i = slot(first + k);
            s[k] = send[i];
            l[k] = latency[i];
            o[k] = outcome[i];
        }
        return new FlowSeries(flow, proto, s, o, l);
    }
}
