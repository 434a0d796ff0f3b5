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
 * {@link FaultLocaliser}; diagnoses of a subject form episodes (an episode ends after 500 ms without
 * one, as in the loop); a fault (a subject's contiguous labelled stretch whose start lies inside the
 * segment) is detected at its first diagnosis; an episode that starts while its subject is not faulty,
 * nor was in the last second, is a false positive (the experiment's event-wise rule), and a clean false
 * positive when no fault at all is active nor was in the last second (what a clean soak counts; the
 * others are mostly a fault blamed on the wrong subject, which the loop's localisation hysteresis
 * absorbs in part).
 */
final class Replay {
    private static final long GRACE_NANOS = 1_000_000_000L;
    private static final long QUIET_NANOS = 500_000_000L;

    /** What a detector flags, fed a segment's samples in order. */
    interface Flagger {
        GraphScores flags(Sample s);
    }

    /** The result: faults seen, detected, their detection delays (all, and by kind of subject), false-positive episodes. */
    record Outcome(int faults, int detected, double[] delaysMs, Map<String, double[]> delaysByKind, int falsePositives,
            int cleanFalsePositives) {
        double median() {
            return percentile(0.5);
        }

        double percentile(double q) {
            return percentile(delaysMs, q);
        }

        static double percentile(double[] delays, double q) {
            if (delays.length == 0) {
                return Double.NaN;
            }
            double[] d = delays.clone();
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
        int cleanFps = 0;
        List<Double> delays = new ArrayList<>();
        Map<String, List<Double>> byKind = new java.util.TreeMap<>();
        for (List<Sample> seg : segments) {
            if (seg.isEmpty()) {
                continue;
            }
            Flagger f = make.get();
            Map<String, Long> openSince = new HashMap<>();
            Set<String> seenOnset = new HashSet<>();
            Set<String> done = new HashSet<>();
            Map<String, Long> lastActive = new HashMap<>();
            Map<String, Long> episodeSeen = new HashMap<>();
            Set<String> startActive = seg.getFirst().active();
            long lastAny = seg.getFirst().t(); // the block before may have ended with a fault
            for (Sample s : seg) {
                long t = s.t();
                if (!s.active().isEmpty()) {
                    lastAny = t;
                }
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
                for (Diagnosis d : localiser.localise(g)) {
                    String subj = d.subject();
                    if (s.active().contains(subj) && seenOnset.contains(subj) && done.add(subj)) {
                        detected++;
                        double ms = (t - openSince.get(subj)) / 1e6;
                        delays.add(ms);
                        byKind.computeIfAbsent(subj.substring(0, subj.indexOf(':')), k -> new ArrayList<>()).add(ms);
                    }
                    Long seen = episodeSeen.put(subj, t);
                    if (seen == null || t - seen > QUIET_NANOS) {
                        Long last = lastActive.get(subj);
                        boolean explained = last != null && t - last <= GRACE_NANOS;
                        boolean unseenStart = startActive.contains(subj) || t - seg.getFirst().t() <= GRACE_NANOS;
                        if (!explained && !unseenStart) {
                            fps++;
                            if (t - lastAny > GRACE_NANOS) {
                                cleanFps++;
                            }
                        }
                    }
                }
            }
        }
        Map<String, double[]> kinds = new java.util.TreeMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return new Outcome(faults, detected, delays.stream().mapToDouble(Double::doubleValue).toArray(), kinds, fps, cleanFps);
    }

    /** The rules' flags as exported with the snapshot. */
    static Flagger rules() {
        return s -> new GraphScores(List.of(), List.of());
    }
}
