package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.traffic.FlowSeries;
import io.ebpf4j.heal.experiment.traffic.Outcome;
import io.ebpf4j.heal.experiment.traffic.TrafficLog;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The traffic log binned for people: one CSV row per flow, protocol and 100 ms bin with the requests
 * sent and how they ended, times as offsets from the run start. The ground truth the recovery judge
 * used, in a form a spreadsheet or plotting script reads.
 */
final class TrafficCsv {
    private static final long BIN = 100_000_000L;

    private TrafficCsv() {}

    static String render(TrafficLog log, long runStart) {
        StringBuilder sb = new StringBuilder("flow,proto,bin_start_ms,sent");
        for (Outcome o : Outcome.values()) {
            sb.append(',').append(o.name().toLowerCase());
        }
        sb.append('\n');
        for (FlowSeries s : log.series()) {
            Map<Long, EnumMap<Outcome, Integer>> bins = new TreeMap<>();
            for (int i = 0; i < s.size(); i++) {
                long bin = (s.sendNanos()[i] - runStart) / BIN;
                bins.computeIfAbsent(bin, b -> new EnumMap<>(Outcome.class)).merge(s.outcomes()[i], 1, Integer::sum);
            }
            bins.forEach((bin, counts) -> {
                sb.append(s.flow()).append(',').append(s.proto().name().toLowerCase()).append(',').append(bin * 100)
                        .append(',').append(counts.values().stream().mapToInt(Integer::intValue).sum());
                for (Outcome o : Outcome.values()) {
                    sb.append(',').append(counts.getOrDefault(o, 0));
                }
                sb.append('\n');
            });
        }
        return sb.toString();
    }
}
