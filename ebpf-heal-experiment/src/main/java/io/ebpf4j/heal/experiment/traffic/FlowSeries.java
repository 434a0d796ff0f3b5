package io.ebpf4j.heal.experiment.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The requests of one flow and protocol, in send order (the arrays are parallel and not copied:
 * treat them as read-only).
 */
public record FlowSeries(String flow, Proto proto, long[] sendNanos, Outcome[] outcomes, long[] latencyNanos) {
    public FlowSeries {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(proto, "proto");
        if (sendNanos.length != outcomes.length || sendNanos.length != latencyNanos.length) {
            throw new IllegalArgumentException("parallel arrays of different lengths: " + sendNanos.length + ", "
                    + outcomes.length + ", " + latencyNanos.length);
        }
        for (int i = 1; i < sendNanos.length; i++) {
            if (sendNanos[i] < sendNanos[i - 1]) {
                throw new IllegalArgumentException("requests of " + flow + "/" + proto + " not in send order at " + i);
            }
        }
    }

    /** A series from records of this flow and protocol (in any order; sorted by send time here). */
    public static FlowSeries of(String flow, Proto proto, List<RequestRecord> records) {
        List<RequestRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(RequestRecord::sendMonoNanos));
        long[] send = new long[sorted.size()];
        Outcome[] out = new Outcome[sorted.size()];
        long[] lat = new long[sorted.size()];
        for (int i = 0; i < send.length; i++) {
            RequestRecord r = sorted.get(i);
            if (!r.flow().equals(flow) || r.proto() != proto) {
                throw new IllegalArgumentException("record of " + r.flow() + "/" + r.proto() + " in series " + flow + "/" + proto);
            }
            send[i] = r.sendMonoNanos();
            out[i] = r.outcome();
            lat[i] = r.latencyNanos();
        }
        return new FlowSeries(flow, proto, send, out, lat);
    }

    /** Number of requests. */
    public int size() {
        return sendNanos.length;
    }

    /** Request {@code i} as a record. */
    public RequestRecord get(int i) {
        return new RequestRecord(flow, proto, sendNanos[i], outcomes[i], latencyNanos[i]);
    }

    /** Requests with outcome {@code o}. */
    public int count(Outcome o) {
        int n = 0;
        for (Outcome x : outcomes) {
            if (x == o) {
                n++;
            }
        }
        return n;
    }
}
