package io.ebpf4j.heal.experiment.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A snapshot of every flow's requests: one {@link FlowSeries} per flow and protocol. */
public record TrafficLog(List<FlowSeries> series) {
    public TrafficLog {
        series = List.copyOf(series);
    }

    /** A log built from records of any flows and protocols. */
    public static TrafficLog of(List<RequestRecord> records) {
        Map<String, Map<Proto, List<RequestRecord>>> byFlow = new LinkedHashMap<>();
        for (RequestRecord r : records) {
            byFlow.computeIfAbsent(r.flow(), f -> new LinkedHashMap<>())
                    .computeIfAbsent(r.proto(), p -> new ArrayList<>()).add(r);
        }
        List<FlowSeries> out = new ArrayList<>();
        byFlow.forEach((flow, byProto) -> byProto.forEach((proto, rs) -> out.add(FlowSeries.of(flow, proto, rs))));
        return new TrafficLog(out);
    }

    /** The series of {@code flow} over {@code proto}, if the log has it. */
    public Optional<FlowSeries> series(String flow, Proto proto) {
        return series.stream().filter(s -> s.flow().equals(flow) && s.proto() == proto).findFirst();
    }

    /** Every request as a record (allocates one object per request: for tests and small logs). */
    public Stream<RequestRecord> records() {
        return series.stream().flatMap(s -> java.util.stream.IntStream.range(0, s.size()).mapToObj(s::get));
    }
}
