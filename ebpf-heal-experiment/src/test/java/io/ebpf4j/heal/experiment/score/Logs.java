package io.ebpf4j.heal.experiment.score;

import io.ebpf4j.heal.experiment.traffic.Outcome;
import io.ebpf4j.heal.experiment.traffic.Proto;
import io.ebpf4j.heal.experiment.traffic.RequestRecord;
import io.ebpf4j.heal.experiment.traffic.TrafficLog;
import java.util.ArrayList;
import java.util.List;

/** Constructed traffic logs: the generator's default pacing with outcomes chosen per request. */
final class Logs {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    interface Outcomes {
        Outcome of(String flow, Proto proto, long sendNanos);
    }

    private Logs() {}

    /** UDP every 10 ms and TCP every 100 ms from 0 (inclusive) to {@code end} (exclusive) for each flow. */
    static TrafficLog paced(long end, Outcomes outcomes, String... flows) {
        List<RequestRecord> rs = new ArrayList<>();
        for (String f : flows) {
            for (long t = 0; t < end; t += 10 * MS) {
                rs.add(record(f, Proto.UDP, t, outcomes.of(f, Proto.UDP, t)));
            }
            for (long t = 0; t < end; t += 100 * MS) {
                rs.add(record(f, Proto.TCP, t, outcomes.of(f, Proto.TCP, t)));
            }
        }
        return TrafficLog.of(rs);
    }

    static RequestRecord record(String f, Proto p, long t, Outcome o) {
        return new RequestRecord(f, p, t, o, o == Outcome.OK ? MS : o == Outcome.PENDING ? -1 : 100 * MS);
    }
}
