package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.graph.FaultLocaliser;
import io.ebpf4j.heal.graph.GraphScores;
import io.ebpf4j.heal.graph.TelemetryGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Offline scoring of a detector on labelled segments (contiguous samples), the way the experiment
 * scores the loop but without its hysteresis, guards and actions: each sample's flags go through the
 * {@link FaultLocaliser}; a fault (a subject's contiguous labelled stretch whose start lies inside the
 * segment) is detected at its first diagnosis; a diagnosis of a subject that is not faulty, and was not
 * in the last second, opens a false-positive episode.
 */
final class Replay {
    private static final long GRACE_NANOS = 1_000_000_000L;

    /** What a detector flags, fed a segment's samples in order. */
    interface Flagger {
        GraphScores flags(Sample s);
    }

    /** The result: faults seen, detected, their detection delays, false-positive episodes. */
    record Outcome(int faults, int detected, double[] delaysMs, int falsePositives) {
        double median() {
            return percentile(0.5);
        }

        double percentile(double q) {
            if (delaysMs.length == 0) {
                return Double.NaN;
            }
            double[] d = delaysMs.clone();
            Arrays.sort(d);
            return d[Math.min(d.length - 1, (int) Math.ceil(q * d.length) - 1)];
        }
    }

    private Replay() {}

    /** Scores the flaggers {@code make} returns (a fresh one per segment) over {@code segments}. */
    static Outcome run(List<List<Sample>> segments, Supplier<Flagger> make) {
        FaultLocaliser localiser = new FaultLocaliser();
        int faults = 0;
        int detected = 0;
        int fps = 0;
        List<Double> delays = new ArrayList<>();
        for (List<Sample> seg : segments) {
            if (seg.isEmpty()) {
                continue;
            }
            Flagger f = make.get();
            Map<String, Long> openSince = new HashMap<>();
            Set<String> seenOnset = new HashSet<>();
            Set<String> done = new HashSet<>();
            Map<String, Long> lastActive = new HashMap<>();
            Set<String> fpOpen = new HashSet<>();
            Set<String> startActive = seg.getFirst().active();
            for (Sample s : seg) {
                long t = s.t();
                for (String a : s.active()) {
                    if (!openSince.containsKey(a)) {
                        openSince.put(a, t);
                        if (!startActive.contains(a) || lastActive.containsKey(a)) {
                            seenOnset.add(a);
                            faults++;
                        }
                        done.remove(a);
                    }
                    lastActive.put(a, t);
                }
                openSince.keySet().removeIf(a -> {
                    if (!s.active().contains(a)) {
                        seenOnset.remove(a);
                        return true;
                    }
                    return false;
                });
                TelemetryGraph g = f.flags(s).applyTo(s.graph());
                Set<String> fpNow = new HashSet<>();
                for (Diagnosis d : localiser.localise(g)) {
                    String subj = d.subject();
                    if (s.active().contains(subj)) {
                        if (seenOnset.contains(subj) && done.add(subj)) {
                            detected++;
                            delays.add((t - openSince.get(subj)) / 1e6);
                        }
                    } else {
                        Long last = lastActive.get(subj);
                        if (last == null || t - last > GRACE_NANOS) {
                            fpNow.add(subj);
                            if (!fpOpen.contains(subj)) {
                                fps++;
                            }
                        }
                    }
                }
                fpOpen = fpNow;
            }
        }
        return new Outcome(faults, detected, delays.stream().mapToDouble(Double::doubleValue).toArray(), fps);
    }

    /** The rules' flags as exported with the snapshot. */
    static Flagger rules() {
        return s -> new GraphScores(List.of(), List.of());
    }
}
