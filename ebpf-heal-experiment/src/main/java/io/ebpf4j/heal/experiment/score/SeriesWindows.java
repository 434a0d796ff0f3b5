package io.ebpf4j.heal.experiment.score;

import io.ebpf4j.heal.experiment.traffic.FlowSeries;
import io.ebpf4j.heal.experiment.traffic.Outcome;
import java.util.Arrays;

/**
 * Counts of resolved and successful requests of one series in any time window, by binary search
 * over send times and a prefix sum of successes. Pending requests are left out.
 */
final class SeriesWindows {
    private final long[] send;
    private final int[] okBefore;

    SeriesWindows(FlowSeries s) {
        int n = 0;
        for (Outcome o : s.outcomes()) {
            if (o.resolved()) {
                n++;
            }
        }
        send = new long[n];
        okBefore = new int[n + 1];
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.outcomes()[i].resolved()) {
                send[k] = s.sendNanos()[i];
                okBefore[k + 1] = okBefore[k] + (s.outcomes()[i] == Outcome.OK ? 1 : 0);
                k++;
            }
        }
    }

    static SeriesWindows empty() {
        return new SeriesWindows();
    }

    private SeriesWindows() {
        send = new long[0];
        okBefore = new int[1];
    }

    /** Index of the first request sent at or after {@code t}. */
    private int from(long t) {
        int i = Arrays.binarySearch(send, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && send[i - 1] == t) {
            i--;
        }
        return i;
    }

    /** Resolved requests sent in [from, to). */
    int sent(long from, long to) {
        return from(to) - from(from);
    }

    /** Successful requests sent in [from, to). */
    int ok(long from, long to) {
        return okBefore[from(to)] - okBefore[from(from)];
    }

    /** Send time of the first failed request sent at or after {@code t}, or Long.MAX_VALUE when none. */
    long firstFailure(long t) {
        for (int i = from(t); i < send.length; i++) {
            if (okBefore[i + 1] == okBefore[i]) {
                return send[i];
            }
        }
        return Long.MAX_VALUE;
    }

    /** Send time of the last resolved request, or Long.MIN_VALUE when none. */
    long last() {
        return send.length == 0 ? Long.MIN_VALUE : send[send.length - 1];
    }
}
