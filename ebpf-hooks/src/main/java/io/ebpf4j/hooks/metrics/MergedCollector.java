package io.ebpf4j.hooks.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several collectors served as one: families of the same name from different parts become one
 * family holding all their series. A Prometheus registry serves each family name once, so the
 * collectors of several hooks of the same kind (the mesh filters of several nodes, say) cannot be
 * registered side by side; give each part distinguishing constant labels
 * ({@link MeshTelemetry.Builder#constLabel}) and register one {@code MergedCollector} of them all:
 *
 * <pre>{@code
 * registry.register(new MergedCollector(List.of(node1.collector(), node2.collector(), new ProcNetCollector())));
 * }</pre>
 *
 * <p>At each scrape every part is collected; merged families take the help and unit of the first
 * part that has them. Two parts with a series of the same name and labels, or families of one name
 * but different types, fail the scrape with an {@link IllegalStateException} naming the family.
 * Counters, gauges, histograms and info families merge; other types pass through unmerged.
 */
public final class MergedCollector implements MultiCollector {
    private final List<MultiCollector> parts;

    /** A collector of {@code parts}, collected in this order. */
    public MergedCollector(Collection<? extends MultiCollector> parts) {
        this.parts = List.copyOf(parts);
    }

    /** A collector of {@code parts}, collected in this order. */
    public static MergedCollector of(MultiCollector... parts) {
        return new MergedCollector(List.of(parts));
    }

    /** The parts, in collection order. */
    public List<MultiCollector> parts() {
        return parts;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
        for (MultiCollector part : parts) {
            for (MetricSnapshot s : part.collect()) {
                byName.computeIfAbsent(s.getMetadata().getPrometheusName(), k -> new ArrayList<>()).add(s);
            }
        }
        List<MetricSnapshot> out = new ArrayList<>(byName.size());
        byName.forEach((name, family) -> out.add(family.size() == 1 ? family.get(0) : merge(name, family)));
        return new MetricSnapshots(out);
    }

    private static MetricSnapshot merge(String name, List<MetricSnapshot> family) {
        MetricSnapshot first = family.get(0);
        for (MetricSnapshot s : family) {
            if (s.getClass() != first.getClass() || (s instanceof HistogramSnapshot h
                    && h.isGaugeHistogram() != ((HistogramSnapshot) first).isGaugeHistogram())) {
                throw new IllegalStateException("metric family " + name + " comes as " + first.getClass().getSimpleName()
                        + " from one part and as " + s.getClass().getSimpleName() + " from another");
            }
        }
        try {
            return switch (first) {
                case CounterSnapshot c -> new CounterSnapshot(c.getMetadata(),
                        points(family, CounterSnapshot.CounterDataPointSnapshot.class));
                case GaugeSnapshot g -> new GaugeSnapshot(g.getMetadata(),
                        points(family, GaugeSnapshot.GaugeDataPointSnapshot.class));
                case HistogramSnapshot h -> new HistogramSnapshot(h.isGaugeHistogram(), h.getMetadata(),
                        points(family, HistogramSnapshot.HistogramDataPointSnapshot.class));
                case InfoSnapshot i -> new InfoSnapshot(i.getMetadata(),
                        points(family, InfoSnapshot.InfoDataPointSnapshot.class));
                default -> throw new IllegalStateException("metric family " + name + " of type "
                        + first.getClass().getSimpleName() + " comes from several parts; only counters, gauges,"
                        + " histograms and info families merge");
            };
        } catch (IllegalArgumentException e) { // duplicate label sets
            throw new IllegalStateException("metric family " + name + ": two parts have a series with the same labels ("
                    + e.getMessage() + "); give each part distinguishing constant labels, e.g. node", e);
        }
    }

    private static <T extends DataPointSnapshot> List<T> points(List<MetricSnapshot> family, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (MetricSnapshot s : family) {
            for (DataPointSnapshot p : s.getDataPoints()) {
                out.add(type.cast(p));
            }
        }
        return out;
    }
}
