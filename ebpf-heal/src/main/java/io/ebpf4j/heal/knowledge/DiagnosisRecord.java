package io.ebpf4j.heal.knowledge;

import io.ebpf4j.heal.graph.Diagnosis;
import java.util.Objects;

/** A diagnosis with the period it was made in ({@code monoNanos}). */
public record DiagnosisRecord(long monoNanos, Diagnosis diagnosis) {
    public DiagnosisRecord {
        Objects.requireNonNull(diagnosis, "diagnosis");
    }
}
