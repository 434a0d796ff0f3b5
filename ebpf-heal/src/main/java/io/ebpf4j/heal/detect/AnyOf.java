package io.ebpf4j.heal.detect;

import java.util.List;

/**
 * Several detectors on one series, anomalous when any of them is (for example a {@link RobustZ} for
 * sharp jumps with a {@link Cusum} for small sustained shifts). The score is the largest
 * {@code score / threshold} among the members that judged the sample, so the threshold is 1. Warming up
 * while every member is; a NaN score when no member judged the sample.
 */
public final class AnyOf implements AnomalyDetector {
    private final List<AnomalyDetector> members;

    /** Combines {@code members} (at least one). */
    public AnyOf(List<AnomalyDetector> members) {
        Checks.notNull("members", members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members must not be empty");
        }
        this.members = List.copyOf(members);
    }

    /** The combined detectors. */
    public List<AnomalyDetector> members() {
        return members;
    }

    @Override
    public String name() {
        StringBuilder b = new StringBuilder("any(");
        for (int i = 0; i < members.size(); i++) {
            b.append(i == 0 ? "" : ",").append(members.get(i).name());
        }
        return b.append(')').toString();
    }

    @Override
    public Verdict update(double value) {
        double score = Double.NaN;
        boolean anomalous = false;
        boolean warming = true;
        for (AnomalyDetector d : members) {
            Verdict v = d.update(value);
            anomalous |= v.anomalous();
            warming &= v.warmingUp();
            double s = v.score() / v.threshold();
            if (!Double.isNaN(s) && !(s <= score)) {
                score = s;
            }
        }
        return new Verdict(score, 1, anomalous && !warming, warming);
    }

    @Override
    public void reset() {
        members.forEach(AnomalyDetector::reset);
    }
}
