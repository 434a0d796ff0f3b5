package io.ebpf4j.heal.plan;

import io.ebpf4j.heal.act.HealAction;
import io.ebpf4j.heal.graph.Diagnosis;

/** One subject's episode as the planner follows it (mutable; the planner's thread only). */
final class Track {
    Diagnosis diagnosis;
    final long detectedNanos;
    HealAction applied;
    String rule;
    long healthySince = -1;
    String lastBlock;

    Track(Diagnosis diagnosis, long detectedNanos) {
        this.diagnosis = diagnosis;
        this.detectedNanos = detectedNanos;
    }

    SubjectState state() {
        if (applied == null) {
            return SubjectState.SICK;
        }
        return healthySince < 0 ? SubjectState.HEALING : SubjectState.RESTORING;
    }
}
